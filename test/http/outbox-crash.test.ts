// Workers that die or are stopped in the middle of a delivery. Killed: the message stays
// claimed until the lease passes, then another worker sends it, once, and nothing is lost.
// Stopped (SIGTERM): the delivery in progress finishes, and the claims not yet started are
// given back at once. Also `npm run worker` itself: migrates, delivers, stops on SIGTERM.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { createOutboxWorker, type OutboxWorkerTuning } from "../../src/outbox/index.ts";
import { createTestDatabase, type TestDatabase, testDialects } from "../helpers/database.ts";
import {
  enqueueEmails,
  MAIL_FROM,
  messageId,
  outboxConfig,
  outboxDatabase,
  outboxRows,
  waitUntil,
} from "./outbox-fixtures/setup.ts";
import { startTestSmtpServer, type TestSmtpServer } from "./outbox-fixtures/smtp-server.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Child = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

function startChild(args: string[], env: Record<string, string | undefined> = {}): Child {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { process: child, output: () => output, exited };
}

/** Waits for `waiting`, failing at once with the child's output if the child dies first. */
async function whileAlive(child: Child, waiting: Promise<void>): Promise<void> {
  const died = child.exited.then((code) => {
    throw new Error(`worker exited (${code}) early:\n${child.output()}`);
  });
  died.catch(() => {});
  await Promise.race([waiting, died]);
}

function startWorkerChild(database: TestDatabase, smtpUrl: string, tuning: OutboxWorkerTuning) {
  const options = {
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    schema: database.schema,
    smtpUrl,
    tuning,
  };
  return startChild(["test/http/outbox-fixtures/worker-child.ts", JSON.stringify(options)]);
}

for (const dialect of testDialects()) {
  describe(`outbox workers that die or stop (${dialect})`, () => {
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startTestSmtpServer();
    });
    after(async () => {
      await smtp.close();
    });

    test("a worker killed mid-delivery loses nothing: after its lease passes, another sends each message once", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "stall";
      smtp.delivered.length = 0;
      const ids = await enqueueEmails(database, 3);
      const child = startWorkerChild(database, smtp.url, {
        batchSize: 5,
        leaseMillis: 3000,
        sendTimeoutMillis: 2000,
        pollMillis: 50,
      });
      let rescuer: ReturnType<typeof createOutboxWorker> | undefined;
      try {
        // The server has every message in full and holds back its 250: kill the worker now.
        await whileAlive(
          child,
          smtp.waitFor(() => smtp.stalledCount === 3, "three stalled deliveries"),
        );
        child.process.kill("SIGKILL");
        await child.exited;
        const killedAt = Date.now();
        smtp.behaviour = "accept";
        // Too late: their client is gone, so they were never delivered.
        await smtp.waitFor(
          () => smtp.connectionCount === 0,
          "the dead worker's connections to close",
        );
        smtp.releaseStalled("accept");
        assert.equal(smtp.delivered.length, 0);

        const claimed = await outboxRows(database);
        assert.deepEqual(
          claimed.map((row) => [row.status, row.attempts]),
          ids.map(() => ["pending", 0]),
        );
        const leaseEnds = Math.max(...claimed.map((row) => Date.parse(row.lease_until ?? "")));
        assert.ok(leaseEnds > killedAt, "the dead worker's claims are still held");

        rescuer = createOutboxWorker(outboxConfig(database.dataDir, smtp.url), database.handle, {
          pollMillis: 50,
          sendTimeoutMillis: 2000,
        });
        rescuer.start();
        await smtp.waitFor(() => smtp.delivered.length === 3, "three deliveries", 15_000);
        assert.ok(
          smtp.delivered.every((mail) => mail.at >= leaseEnds),
          "nothing is sent again while the dead worker's lease runs",
        );
        await sleep(300);
        assert.deepEqual(
          [...smtp.deliveredCounts()].sort(),
          ids.map((id) => [messageId(id), 1]).sort(),
        );
        const rows = await outboxRows(database);
        assert.deepEqual(
          rows.map((row) => [row.status, row.attempts]),
          ids.map(() => ["sent", 1]),
        );
      } finally {
        child.process.kill("SIGKILL");
        await rescuer?.stop();
        await database.cleanup();
      }
    });

    test("SIGTERM: the delivery in progress finishes, unstarted claims are given back at once", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "stall";
      smtp.delivered.length = 0;
      const ids = await enqueueEmails(database, 4);
      // One at a time, so that the other three are claimed but not started.
      const child = startWorkerChild(database, smtp.url, {
        batchSize: 4,
        concurrency: 1,
        leaseMillis: 60_000,
        sendTimeoutMillis: 10_000,
        pollMillis: 50,
      });
      let next: ReturnType<typeof createOutboxWorker> | undefined;
      try {
        await whileAlive(
          child,
          smtp.waitFor(() => smtp.stalledCount === 1, "the first delivery to stall"),
        );
        smtp.behaviour = "accept";
        child.process.kill("SIGTERM");
        await sleep(300);
        assert.equal(child.process.exitCode, null, "still finishing its delivery");
        smtp.releaseStalled("accept");
        assert.equal(await child.exited, 0, child.output());
        assert.match(child.output(), /stopped \{"sent":1,"failed":0,"dead":0,"released":3\}/);

        const rows = await outboxRows(database);
        assert.deepEqual(
          rows.map((row) => [row.status, row.attempts, row.lease_until]),
          [
            ["sent", 1, null],
            ["pending", 0, null],
            ["pending", 0, null],
            ["pending", 0, null],
          ],
        );
        // Given back, not left to expire: the next worker sends them straight away.
        const started = Date.now();
        next = createOutboxWorker(outboxConfig(database.dataDir, smtp.url), database.handle, {
          pollMillis: 50,
        });
        next.start();
        await smtp.waitFor(() => smtp.delivered.length === 4, "the other three", 5000);
        assert.ok(Date.now() - started < 5000);
        await sleep(200);
        assert.deepEqual(
          [...smtp.deliveredCounts()].sort(),
          ids.map((id) => [messageId(id), 1]).sort(),
        );
      } finally {
        child.process.kill("SIGKILL");
        await next?.stop();
        await database.cleanup();
      }
    });

    // The entry point reads DATABASE_URL, which cannot name a test's own PostgreSQL schema
    // (migrations are tracked in "public"), so it runs on SQLite; the worker it starts is the
    // one the tests above run on both dialects.
    if (dialect === "sqlite") {
      test("npm run worker: migrates, delivers, and exits cleanly on SIGTERM", async () => {
        // Not migrated: the worker process does that itself.
        const database = await createTestDatabase(dialect);
        smtp.behaviour = "accept";
        smtp.delivered.length = 0;
        const env: Record<string, string | undefined> = {
          NODE_ENV: "development",
          LOG_LEVEL: "info",
          DATA_DIR: database.dataDir,
          DATABASE_URL: "",
          SMTP_URL: smtp.url,
          MAIL_FROM,
        };
        const child = startChild(["src/worker.ts"], env);
        try {
          await whileAlive(
            child,
            waitUntil(() => /outbox worker started/.test(child.output()), "the worker to start"),
          );
          const [id] = await enqueueEmails(database, 1);
          await smtp.waitFor(() => smtp.delivered.length === 1, "the delivery");
          assert.equal(smtp.delivered[0].messageId, messageId(id));
          child.process.kill("SIGTERM");
          assert.equal(await child.exited, 0, child.output());
          assert.match(child.output(), /"sent":1/);
          assert.doesNotMatch(
            child.output(),
            /s3cret|team-inbox/,
            "no password or address in logs",
          );
          const [row] = await outboxRows(database);
          assert.equal(row.status, "sent");
        } finally {
          child.process.kill("SIGKILL");
          await database.cleanup();
        }
      });
    }
  });
}
