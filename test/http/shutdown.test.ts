// Graceful shutdown: requests in flight finish; new requests get 503; SIGTERM ends the
// process cleanly.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";

function get(
  port: number,
  urlPath: string,
  agent: http.Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: urlPath, agent }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

test("closing lets a request in flight finish and answers new ones with 503", async () => {
  let release: () => void = () => {};
  const t = await buildTestApp("sqlite", {}, {}, (app) => {
    app.get("/slow", async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return "finished";
    });
  });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const port = (t.app.server.address() as { port: number }).port;
  const inFlightAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const otherAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // A client that has started sending a request when shutdown begins (its connection is
    // busy, so it is not closed as idle) and finishes it afterwards is a new request.
    const lateClient = net.connect(port, "127.0.0.1");
    await once(lateClient, "connect");
    lateClient.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const slow = get(port, "/slow", inFlightAgent);
    await sleep(100);
    const closing = t.close();
    await sleep(50);
    let lateResponse = "";
    lateClient.on("data", (chunk) => (lateResponse += chunk));
    lateClient.write("\r\n");
    await once(lateClient, "close");
    assert.match(lateResponse, /^HTTP\/1\.1 503/);
    // A brand-new connection is refused: the server has stopped listening.
    await assert.rejects(get(port, "/", otherAgent), /ECONNREFUSED/);
    release();
    const finished = await slow;
    assert.equal(finished.status, 200);
    assert.equal(finished.body, "finished");
    await closing;
  } finally {
    inFlightAgent.destroy();
    otherAgent.destroy();
  }
});

for (const dialect of testDialects()) {
  test(`closing waits for a handler whose client hung up before the database is closed (${dialect})`, async () => {
    let reached: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => (reached = resolve));
    let outcome = "still running";
    const t = await buildTestApp(dialect, {}, {}, (app) => {
      app.get("/slow-read", async () => {
        reached();
        // Meanwhile the client hangs up and the app starts closing.
        await sleep(300);
        try {
          await t.database.handle.db.selectFrom("teams").select("id").execute();
          outcome = "read the database";
        } catch (error) {
          outcome = `failed: ${(error as Error).message}`;
        }
        return "too late: nobody is listening";
      });
    });
    let closed = false;
    try {
      await t.app.listen({ host: "127.0.0.1", port: 0 });
      const port = (t.app.server.address() as { port: number }).port;
      const client = net.connect(port, "127.0.0.1");
      await once(client, "connect");
      client.write("GET /slow-read HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await inHandler;
      client.destroy();
      // Its connection is gone, so the server closes at once; the app must still wait.
      await t.app.close();
      assert.equal(outcome, "read the database", "the handler finished before close resolved");
      await t.database.cleanup();
      closed = true;
    } finally {
      if (!closed) await t.close().catch(() => {});
    }
  });
}

test("the server process stops cleanly on SIGTERM", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-shutdown-"));
  const child = spawn(process.execPath, ["src/server.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      DATA_DIR: dataDir,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    const until = Date.now() + 15_000;
    while (!/Server listening/.test(output) && Date.now() < until) await sleep(50);
    assert.match(output, /Server listening/);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    assert.match(output, /shutting down/);
  } finally {
    child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
