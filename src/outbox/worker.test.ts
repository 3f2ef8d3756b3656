import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import { retryDelay } from "./backoff.ts";
import type { EmailSender, EmailToSend } from "./email.ts";
import { DeliveryError, describeFailure, redact } from "./failures.ts";
import { enqueue } from "./messages.ts";
import { OutboxWorker } from "./worker.ts";

describe("backoff", () => {
  const backoff = { baseMillis: 1000, capMillis: 8000 };
  test("doubles from the base up to the cap, jittered within the upper half", () => {
    const ceilings = [1000, 2000, 4000, 8000, 8000, 8000];
    ceilings.forEach((ceiling, i) => {
      assert.equal(
        retryDelay(i + 1, backoff, () => 0),
        ceiling / 2,
      );
      assert.equal(
        retryDelay(i + 1, backoff, () => 1),
        ceiling,
      );
    });
    assert.equal(
      retryDelay(1000, backoff, () => 1),
      8000,
      "no overflow for many attempts",
    );
  });
  test("spreads retries out", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(3, backoff)));
    assert.ok(delays.size > 10);
    for (const delay of delays) assert.ok(delay >= 2000 && delay <= 4000);
  });
});

describe("failure summaries", () => {
  test("take out email addresses and keep codes", () => {
    const smtp = Object.assign(new Error("Can't send mail"), {
      code: "EENVELOPE",
      responseCode: 550,
      command: "RCPT TO",
      response: "550 5.1.1 <jo.bloggs@example.org>: Recipient address rejected",
    });
    assert.deepEqual(describeFailure(smtp), {
      summary: "SMTP 550 to RCPT: 550 5.1.1 <[address]>: Recipient address rejected",
      permanent: true,
    });
    const login = Object.assign(new Error("Invalid login"), {
      code: "EAUTH",
      responseCode: 535,
      command: "AUTH PLAIN",
      response: "535 Authentication failed",
    });
    assert.equal(describeFailure(login).permanent, false);
    assert.deepEqual(describeFailure(new DeliveryError("webhook answered HTTP 410")), {
      summary: "webhook answered HTTP 410",
      permanent: false,
    });
    assert.equal(
      describeFailure(Object.assign(new Error("x"), { name: "TimeoutError" })).summary,
      "timed out",
    );
    assert.equal(redact("a\nb   c"), "a b c");
    assert.equal(redact("x".repeat(1000)).length, 300);
  });
});

/** An email sender that fails while `failing` is true and records what it sent. */
function fakeSender() {
  const sender = {
    failing: true as boolean,
    sent: [] as EmailToSend[],
    kind: "smtp" as const,
    async send(email: EmailToSend) {
      if (sender.failing) {
        throw Object.assign(new Error("try later"), {
          code: "EENVELOPE",
          responseCode: 451,
          command: "RCPT TO",
        });
      }
      sender.sent.push(email);
    },
    close() {},
  };
  return sender satisfies EmailSender;
}

for (const dialect of testDialects()) {
  describe(`outbox worker (${dialect})`, () => {
    test("schedules each retry from the time of the failure, then gives up after maxAttempts", async () => {
      const database = await createTestDatabase(dialect);
      await database.handle.migrate();
      let clock = new Date("2026-12-04T10:00:00.000Z");
      const sender = fakeSender();
      const worker = new OutboxWorker({
        database: database.handle,
        email: sender,
        now: () => clock,
        random: () => 1,
        maxAttempts: 4,
        backoff: { baseMillis: 1000, capMillis: 3000 },
      });
      try {
        const id = await enqueue(
          database.handle.db,
          { channel: "email", to: "team@police.example", subject: "New case", text: "Hello" },
          { now: clock },
        );
        const waits: number[] = [];
        for (let attempt = 1; attempt <= 4; attempt++) {
          assert.equal(await worker.runOnce(), 1, `attempt ${attempt} claimed`);
          const row = await database.handle.db
            .selectFrom("outbox")
            .selectAll()
            .where("id", "=", id)
            .executeTakeFirstOrThrow();
          assert.equal(Number(row.attempts), attempt);
          if (attempt < 4) {
            assert.equal(row.status, "pending");
            const wait = Date.parse(row.next_attempt_at) - clock.getTime();
            waits.push(wait);
            // Not due a moment before its time.
            clock = new Date(clock.getTime() + wait - 1);
            assert.equal(await worker.runOnce(), 0);
            clock = new Date(clock.getTime() + 1);
          } else {
            assert.equal(row.status, "dead");
            assert.equal(row.last_error, "SMTP 451 to RCPT: try later");
          }
        }
        assert.deepEqual(waits, [1000, 2000, 3000]);
        assert.deepEqual(worker.stats, { sent: 0, failed: 3, dead: 1, released: 0 });
        clock = new Date(clock.getTime() + 3_600_000);
        assert.equal(await worker.runOnce(), 0, "dead messages are not tried");
      } finally {
        await database.cleanup();
      }
    });

    test("a claim too close to the end of its lease is given back, not started", async () => {
      const database = await createTestDatabase(dialect);
      await database.handle.migrate();
      let clock = new Date("2026-12-04T10:00:00.000Z");
      const sender = fakeSender();
      sender.failing = false;
      const ticks = [0, 50_000]; // the second reading of the clock is 50 s later
      const worker = new OutboxWorker({
        database: database.handle,
        email: sender,
        now: () => new Date(clock.getTime() + (ticks.shift() ?? 50_000)),
        leaseMillis: 60_000,
        sendTimeoutMillis: 20_000,
        batchSize: 1,
        concurrency: 1,
      });
      try {
        await enqueue(
          database.handle.db,
          { channel: "email", to: "team@police.example", subject: "New case", text: "Hello" },
          { now: clock },
        );
        assert.equal(await worker.runOnce(), 1);
        assert.equal(sender.sent.length, 0);
        assert.equal(worker.stats.released, 1);
        clock = new Date(clock.getTime() + 60_000);
        assert.equal(await worker.runOnce(), 1);
        assert.equal(sender.sent.length, 1);
      } finally {
        await database.cleanup();
      }
    });
  });
}

test("a lease must outlast the deliveries of a whole batch", () => {
  const email = fakeSender();
  const database = { db: undefined as never, dialect: "sqlite" as const };
  assert.throws(
    () =>
      new OutboxWorker({
        database,
        email,
        batchSize: 10,
        concurrency: 5,
        sendTimeoutMillis: 30_000,
        leaseMillis: 60_000,
      }),
    RangeError,
  );
  assert.doesNotThrow(
    () =>
      new OutboxWorker({
        database,
        email,
        batchSize: 10,
        concurrency: 5,
        sendTimeoutMillis: 30_000,
        leaseMillis: 120_000,
      }),
  );
});
