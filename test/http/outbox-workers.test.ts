// Several workers on one database, each with its own connections, deliver many messages
// concurrently: every message reaches the SMTP server exactly once. On PostgreSQL the claims
// race for real (FOR UPDATE SKIP LOCKED); SQLite runs the same test with its single writer.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { openDatabase } from "../../src/db/database.ts";
import { createOutboxWorker, outboxStats } from "../../src/outbox/index.ts";
import { testDialects } from "../helpers/database.ts";
import {
  enqueueEmails,
  messageId,
  outboxConfig,
  outboxDatabase,
  outboxRows,
} from "./outbox-fixtures/setup.ts";
import { startTestSmtpServer } from "./outbox-fixtures/smtp-server.ts";

const MESSAGES = 300;
const WORKERS = 3;

for (const dialect of testDialects()) {
  test(`${WORKERS} workers on one ${dialect} database deliver ${MESSAGES} messages, each exactly once`, async () => {
    const database = await outboxDatabase(dialect);
    const smtp = await startTestSmtpServer();
    // A little wait before each 250 keeps deliveries overlapping across the workers.
    smtp.acceptDelayMillis = 5;
    const ids = await enqueueEmails(database, MESSAGES);
    const handles = Array.from({ length: WORKERS }, () =>
      openDatabase({
        dataDir: database.dataDir,
        databaseUrl: database.databaseUrl,
        schema: database.schema,
      }),
    );
    const workers = handles.map((handle) =>
      createOutboxWorker(outboxConfig(database.dataDir, smtp.url), handle, {
        batchSize: 10,
        concurrency: 5,
        pollMillis: 10,
        sendTimeoutMillis: 5000,
      }),
    );
    try {
      const started = Date.now();
      for (const worker of workers) worker.start();
      await smtp.waitFor(() => smtp.delivered.length >= MESSAGES, "every delivery", 60_000);
      const seconds = (Date.now() - started) / 1000;
      await sleep(300); // a duplicate, if there were one, would arrive now

      const counts = smtp.deliveredCounts();
      assert.equal(smtp.delivered.length, MESSAGES);
      assert.equal(counts.size, MESSAGES);
      for (const id of ids) assert.equal(counts.get(messageId(id)), 1);
      const rows = await outboxRows(database);
      assert.ok(rows.every((row) => row.status === "sent" && row.attempts === 1));
      const sentByWorker = workers.map((worker) => worker.stats.sent);
      assert.equal(
        sentByWorker.reduce((a, b) => a + b, 0),
        MESSAGES,
      );
      const stats = await outboxStats(database.handle.db);
      assert.equal(stats.sent, MESSAGES);
      assert.equal(stats.pending, 0);
      console.log(
        `${dialect}: ${MESSAGES} messages in ${seconds.toFixed(2)} s by ${WORKERS} workers (${sentByWorker.join(" / ")})`,
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all(handles.map((handle) => handle.close()));
      await smtp.close();
      await database.cleanup();
    }
  });
}
