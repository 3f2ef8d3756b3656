// The outbox against a real SMTP server that refuses, fails and recovers: messages are tried
// again with growing delays, delivered exactly once when the server is back, given up as dead
// after the last attempt, and brought back by an admin's retry.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import {
  createOutboxWorker,
  listDeadLetters,
  outboxStats,
  retryMessage,
} from "../../src/outbox/index.ts";
import { testDialects } from "../helpers/database.ts";
import {
  enqueueEmails,
  messageId,
  outboxConfig,
  outboxDatabase,
  outboxRows,
  waitUntil,
} from "./outbox-fixtures/setup.ts";
import { startTestSmtpServer, type TestSmtpServer } from "./outbox-fixtures/smtp-server.ts";

const backoff = { baseMillis: 100, capMillis: 400 };

for (const dialect of testDialects()) {
  describe(`outbox over SMTP (${dialect})`, () => {
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startTestSmtpServer();
    });
    after(async () => {
      await smtp.close();
    });

    test("refusals and failures are tried again with growing delays, then delivered exactly once", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "refuse-connection";
      smtp.delivered.length = 0;
      smtp.attempts.length = 0;
      const worker = createOutboxWorker(outboxConfig(database.dataDir, smtp.url), database.handle, {
        backoff,
        pollMillis: 20,
        sendTimeoutMillis: 3000,
        leaseMillis: 15_000,
      });
      try {
        const [id] = await enqueueEmails(database, 1);
        const errors: string[] = [];
        worker.start();
        // Each kind of failure in turn, one attempt each, then the server recovers.
        const failures = [
          "refuse-connection",
          "refuse-connection",
          "refuse-recipient",
          "drop-during-data",
          "refuse-after-data",
        ] as const;
        for (const [i, behaviour] of failures.entries()) {
          smtp.behaviour = behaviour;
          await smtp.waitFor(() => smtp.attempts.length >= i + 1, `attempt ${i + 1}`);
          // Wait until the failure is recorded before the next behaviour applies.
          await waitUntil(
            async () => (await outboxRows(database))[0].attempts === i + 1,
            `failure ${i + 1} recorded`,
          );
          errors.push((await outboxRows(database))[0].last_error ?? "");
          if (i === failures.length - 1) smtp.behaviour = "accept";
        }
        // What each failure left in last_error: codes and the server's reason, nothing personal.
        assert.match(errors[0], /^SMTP 421 /);
        assert.match(errors[1], /^SMTP 421 /);
        assert.match(errors[2], /^SMTP 451 to RCPT/);
        assert.match(errors[3], /^ECONNECTION: Connection closed/);
        assert.match(errors[4], /^SMTP 451 to DATA/);
        await smtp.waitFor(() => smtp.delivered.length === 1, "the delivery");
        await sleep(300); // a duplicate, if there were one, would arrive now
        assert.deepEqual([...smtp.deliveredCounts()], [[messageId(id), 1]]);
        assert.equal(smtp.attempts.length, failures.length + 1);

        // The delays grow: each is at least half its doubling ceiling (jitter), capped.
        const gaps = smtp.attempts.slice(1).map((at, i) => at - smtp.attempts[i]);
        gaps.forEach((gap, i) => {
          const ceiling = Math.min(backoff.capMillis, backoff.baseMillis * 2 ** i);
          assert.ok(gap >= ceiling / 2, `gap ${i + 1} was ${gap} ms, under ${ceiling / 2} ms`);
          assert.ok(gap <= ceiling + 1000, `gap ${i + 1} was ${gap} ms, far over ${ceiling} ms`);
        });

        const [row] = await outboxRows(database);
        assert.equal(row.status, "sent");
        assert.equal(row.attempts, failures.length + 1);
        assert.equal(row.last_error, null);
        assert.equal(row.lease_until, null);
        assert.ok(row.sent_at);
        const mail = smtp.delivered[0];
        assert.deepEqual(mail.to, ["team-inbox@police.example"]);
        assert.equal(mail.subject, "New case 1");
        assert.match(mail.raw, /^Auto-Submitted: auto-generated/m);
        assert.match(mail.raw, /^From: Bluelamp Police <no-reply@police\.example>/m);
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });

    test("after the last attempt a message is dead; an admin's retry sends it once", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "refuse-recipient";
      smtp.delivered.length = 0;
      smtp.attempts.length = 0;
      const worker = createOutboxWorker(
        outboxConfig(database.dataDir, smtp.url, 3),
        database.handle,
        { backoff: { baseMillis: 20, capMillis: 40 }, pollMillis: 20, sendTimeoutMillis: 3000 },
      );
      try {
        const [id] = await enqueueEmails(database, 1);
        worker.start();
        await waitUntil(async () => (await outboxRows(database))[0].status === "dead", "dead");
        await sleep(200); // no attempt after death
        assert.equal(smtp.attempts.length, 3);
        const [row] = await outboxRows(database);
        assert.equal(row.attempts, 3);
        assert.match(row.last_error ?? "", /^SMTP 451 to RCPT: .*try again later/i);

        const dead = await listDeadLetters(database.handle.db);
        assert.equal(dead.length, 1);
        assert.equal(dead[0].id, id);
        assert.equal(dead[0].attempts, 3);
        assert.equal(dead[0].subject, "New case 1");
        assert.ok(!("body" in dead[0]), "dead letters do not carry the body");
        assert.equal((await outboxStats(database.handle.db)).dead, 1);

        smtp.behaviour = "accept";
        assert.equal(await retryMessage(database.handle.db, id), true);
        worker.wake();
        await smtp.waitFor(() => smtp.delivered.length === 1, "the delivery after retry");
        await sleep(200);
        assert.deepEqual([...smtp.deliveredCounts()], [[messageId(id), 1]]);
        const [sent] = await outboxRows(database);
        assert.equal(sent.status, "sent");
        assert.equal(sent.attempts, 1);
        assert.deepEqual(await listDeadLetters(database.handle.db), []);
        // Only dead messages can be retried: a sent one would go twice.
        assert.equal(await retryMessage(database.handle.db, id), false);
        assert.equal(await retryMessage(database.handle.db, "no-such-id"), false);
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });

    test("a mailbox refused for good (550) is dead at once, and the error names no address", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "reject-recipient";
      smtp.attempts.length = 0;
      const worker = createOutboxWorker(outboxConfig(database.dataDir, smtp.url), database.handle, {
        backoff,
        pollMillis: 20,
        sendTimeoutMillis: 3000,
      });
      try {
        await enqueueEmails(database, 1, "someone.private@example.org");
        worker.start();
        await waitUntil(async () => (await outboxRows(database))[0].status === "dead", "dead");
        const [row] = await outboxRows(database);
        assert.equal(row.attempts, 1);
        assert.equal(smtp.attempts.length, 1);
        assert.match(row.last_error ?? "", /^SMTP 550 to RCPT: /);
        assert.doesNotMatch(row.last_error ?? "", /someone|example\.org/);
        assert.match(row.last_error ?? "", /\[address\]/);
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });

    test("wrong SMTP credentials keep messages waiting rather than killing them", async () => {
      const database = await outboxDatabase(dialect);
      smtp.behaviour = "accept";
      smtp.delivered.length = 0;
      const badUrl = smtp.url.replace(/:[^:@/]+@/, ":wrong@");
      const worker = createOutboxWorker(
        outboxConfig(database.dataDir, badUrl, 2),
        database.handle,
        {
          backoff: { baseMillis: 10_000, capMillis: 10_000 },
          pollMillis: 20,
          sendTimeoutMillis: 3000,
        },
      );
      try {
        await enqueueEmails(database, 1);
        worker.start();
        await waitUntil(async () => (await outboxRows(database))[0].attempts === 1, "an attempt");
        const [row] = await outboxRows(database);
        assert.equal(row.status, "pending");
        assert.match(row.last_error ?? "", /535/);
        assert.doesNotMatch(row.last_error ?? "", /wrong|s3cret/);
        assert.equal(smtp.delivered.length, 0);
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });
  });
}
