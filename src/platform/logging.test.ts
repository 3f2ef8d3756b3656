// Log lines go straight to a regular file; anything else keeps pino's asynchronous writer.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pino from "pino";
import { fileDestination } from "./logging.ts";

test("a regular file gets every line written at once, in order", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-log-"));
  const file = path.join(dir, "out.log");
  const fd = fs.openSync(file, "w");
  try {
    const stream = fileDestination(fd);
    assert.ok(stream);
    const log = pino({ base: null, timestamp: false }, stream);
    for (let i = 0; i < 100; i++) log.info({ i }, "line");
    // No flush and no waiting: each line is already in the file.
    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines.length, 100);
    assert.deepEqual(JSON.parse(lines[99]), { level: 30, i: 99, msg: "line" });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("anything but a regular file (a device, a closed descriptor) keeps the default writer", () => {
  const device = fs.openSync("/dev/null", "w");
  try {
    assert.equal(fileDestination(device), undefined);
  } finally {
    fs.closeSync(device);
  }
  assert.equal(fileDestination(987654), undefined);
});

test("request logs keep no cookie, authorization, set-cookie or query; personal fields are redacted", async () => {
  const { default: Fastify } = await import("fastify");
  const { loggerOptions } = await import("./logging.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-log-"));
  const file = path.join(dir, "out.log");
  const fd = fs.openSync(file, "w");
  try {
    const config = { env: "production", logLevel: "info", logLevelSet: true } as Parameters<
      typeof loggerOptions
    >[0];
    const options = loggerOptions(config);
    assert.ok(options && typeof options === "object");
    const app = Fastify({ logger: { ...options, stream: fileDestination(fd) } });
    app.get("/page", async (request, reply) => {
      request.log.info({ email: "someone@example.com", body: { name: "Sam" } }, "a mistake");
      reply.header("set-cookie", "session=SECRET-SET-COOKIE");
      return "ok";
    });
    await app.ready();
    const response = await app.inject({
      url: "/page?postcode=SW1A%201AA",
      headers: { cookie: "session=SECRET-COOKIE", authorization: "Bearer SECRET-AUTH" },
    });
    assert.equal(response.statusCode, 200);
    await app.close();
    const text = fs.readFileSync(file, "utf8");
    for (const secret of ["SECRET", "SW1A", "someone@example.com", "Sam"]) {
      assert.ok(!text.includes(secret), `no ${secret} in the log`);
    }
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const incoming = lines.find((line) => line.req);
    assert.deepEqual(incoming.req, { id: incoming.req.id, method: "GET", path: "/page" });
    const mistake = lines.find((line) => line.msg === "a mistake");
    assert.equal(mistake.email, "[redacted]");
    assert.equal(mistake.body, "[redacted]");
    const completed = lines.find((line) => line.res);
    assert.deepEqual(completed.res, { statusCode: 200 });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
