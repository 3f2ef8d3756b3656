import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import { openDatabase } from "../db/database.ts";
import { enqueue } from "./messages.ts";
import {
  claimDue,
  listDeadLetters,
  markFailed,
  markSent,
  outboxStats,
  releaseClaims,
  retryMessage,
} from "./repository.ts";

const T0 = new Date("2026-12-04T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const email = (n: number) =>
  ({
    channel: "email",
    to: "team@police.example",
    subject: `New case ${n}`,
    text: "A new case is in your queue.",
  }) as const;

async function migrated(dialect: "sqlite" | "postgres"): Promise<TestDatabase> {
  const database = await createTestDatabase(dialect);
  await database.handle.migrate();
  return database;
}

async function row(database: TestDatabase, id: string) {
  const found = await database.handle.db
    .selectFrom("outbox")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { ...found, attempts: Number(found.attempts) };
}

for (const dialect of testDialects()) {
  describe(`outbox repository (${dialect})`, () => {
    test("a message exists only if the transaction that wrote it commits", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        await assert.rejects(
          db.transaction().execute(async (trx) => {
            await enqueue(trx, email(1), { now: T0 });
            throw new Error("the change failed");
          }),
          /the change failed/,
        );
        assert.equal((await db.selectFrom("outbox").selectAll().execute()).length, 0);

        const id = await db
          .transaction()
          .execute((trx) => enqueue(trx, { ...email(2), caseId: "case-1" }, { now: T0 }));
        const stored = await row(database, id);
        assert.equal(stored.channel, "email");
        assert.equal(stored.recipient, "team@police.example");
        assert.equal(stored.subject, "New case 2");
        assert.equal(stored.body, "A new case is in your queue.");
        assert.equal(stored.case_id, "case-1");
        assert.equal(stored.status, "pending");
        assert.equal(stored.attempts, 0);
        assert.equal(stored.next_attempt_at, T0.toISOString());
        assert.equal(stored.created_at, T0.toISOString());
        assert.equal(stored.lease_until, null);

        const hook = await enqueue(
          db,
          {
            channel: "webhook",
            url: "https://records.police.example/hook",
            secret: "k",
            payload: { a: 1 },
          },
          { now: T0 },
        );
        const stored2 = await row(database, hook);
        assert.equal(stored2.recipient, "https://records.police.example/hook");
        assert.equal(stored2.subject, null);
        assert.deepEqual(JSON.parse(stored2.body), { payload: { a: 1 }, secret: "k" });
      } finally {
        await database.cleanup();
      }
    });

    test("enqueue refuses what could not be sent", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        const bad = [
          { ...email(1), to: "two@a.example, three@b.example" },
          { ...email(1), to: "not an address" },
          { ...email(1), subject: "Line one\r\nBcc: someone@example.org" },
          { ...email(1), subject: "x".repeat(301) },
          { channel: "webhook", url: "ftp://records.example/", secret: "k", payload: {} },
          { channel: "webhook", url: "not a url", secret: "k", payload: {} },
          { channel: "webhook", url: "https://records.example/", secret: "", payload: {} },
        ] as const;
        for (const message of bad) {
          await assert.rejects(enqueue(db, message), TypeError, JSON.stringify(message));
        }
        assert.equal((await db.selectFrom("outbox").selectAll().execute()).length, 0);
      } finally {
        await database.cleanup();
      }
    });

    test("claims take due messages oldest first, up to the limit, each held by one lease", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        const first = await enqueue(db, email(1), { now: at(0) });
        const second = await enqueue(db, email(2), { now: at(1) });
        const later = await enqueue(db, email(3), { now: at(1), notBefore: at(60) });

        const claim = await claimDue(database.handle, {
          now: at(2),
          limit: 1,
          leaseMillis: 30_000,
        });
        assert.deepEqual(
          claim.map((m) => m.id),
          [first],
        );
        assert.equal(claim[0].lease, at(32).toISOString());
        assert.equal((await row(database, first)).lease_until, at(32).toISOString());

        const next = await claimDue(database.handle, {
          now: at(2),
          limit: 10,
          leaseMillis: 30_000,
        });
        assert.deepEqual(
          next.map((m) => m.id),
          [second],
          "the held message and the one not yet due are left",
        );
        assert.deepEqual(
          await claimDue(database.handle, { now: at(3), limit: 10, leaseMillis: 30_000 }),
          [],
        );
        const afterDue = await claimDue(database.handle, {
          now: at(61),
          limit: 10,
          leaseMillis: 30_000,
        });
        assert.deepEqual(afterDue.map((m) => m.id).sort(), [first, second, later].sort());
      } finally {
        await database.cleanup();
      }
    });

    test("when a lease passes another claim takes the message, and the old claim can change nothing", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        const id = await enqueue(db, email(1), { now: at(0) });
        const [stale] = await claimDue(database.handle, {
          now: at(0),
          limit: 1,
          leaseMillis: 10_000,
        });
        assert.deepEqual(
          await claimDue(database.handle, { now: at(9), limit: 1, leaseMillis: 10_000 }),
          [],
        );
        const [fresh] = await claimDue(database.handle, {
          now: at(11),
          limit: 1,
          leaseMillis: 10_000,
        });
        assert.equal(fresh.id, id);
        assert.ok(fresh.lease > stale.lease);

        assert.equal(await markSent(db, stale, at(12)), false);
        assert.equal(await markFailed(db, stale, { error: "late", retryAt: at(20) }), false);
        assert.equal(await releaseClaims(db, [stale]), 0);
        assert.equal((await row(database, id)).lease_until, fresh.lease);

        assert.equal(await markSent(db, fresh, at(12)), true);
        const sent = await row(database, id);
        assert.equal(sent.status, "sent");
        assert.equal(sent.attempts, 1);
        assert.equal(sent.sent_at, at(12).toISOString());
        assert.equal(sent.lease_until, null);
        // Sent is final: no claim takes it again.
        assert.deepEqual(
          await claimDue(database.handle, { now: at(100), limit: 1, leaseMillis: 10_000 }),
          [],
        );
      } finally {
        await database.cleanup();
      }
    });

    test("failures wait for their retry time or die; released claims are due at once", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        const a = await enqueue(db, email(1), { now: at(0) });
        const b = await enqueue(db, email(2), { now: at(0) });
        const c = await enqueue(db, email(3), { now: at(0) });
        const claims = await claimDue(database.handle, {
          now: at(0),
          limit: 3,
          leaseMillis: 60_000,
        });
        const byId = new Map(claims.map((m) => [m.id, m]));

        assert.equal(
          await markFailed(db, byId.get(a)!, { error: "SMTP 451 to RCPT: busy", retryAt: at(30) }),
          true,
        );
        assert.equal(
          await markFailed(db, byId.get(b)!, { error: "SMTP 550", retryAt: undefined }),
          true,
        );
        assert.equal(await releaseClaims(db, [byId.get(c)!]), 1);

        const failed = await row(database, a);
        assert.deepEqual(
          [
            failed.status,
            failed.attempts,
            failed.next_attempt_at,
            failed.lease_until,
            failed.last_error,
          ],
          ["pending", 1, at(30).toISOString(), null, "SMTP 451 to RCPT: busy"],
        );
        const dead = await row(database, b);
        assert.deepEqual([dead.status, dead.attempts], ["dead", 1]);
        const released = await row(database, c);
        assert.deepEqual(
          [released.status, released.attempts, released.lease_until],
          ["pending", 0, null],
        );

        assert.deepEqual(
          (await claimDue(database.handle, { now: at(1), limit: 10, leaseMillis: 60_000 })).map(
            (m) => m.id,
          ),
          [c],
        );
        const retried = await claimDue(database.handle, {
          now: at(30),
          limit: 10,
          leaseMillis: 60_000,
        });
        assert.deepEqual(
          retried.map((m) => [m.id, m.attempts]),
          [[a, 1]],
        );
      } finally {
        await database.cleanup();
      }
    });

    test("dead letters, retry and stats for the admin pages", async () => {
      const database = await migrated(dialect);
      try {
        const { db } = database.handle;
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await enqueue(db, email(i), { now: at(i) }));
        const claims = await claimDue(database.handle, {
          now: at(10),
          limit: 5,
          leaseMillis: 60_000,
        });
        const byId = new Map(claims.map((m) => [m.id, m]));
        await markFailed(db, byId.get(ids[0])!, { error: "first dead", retryAt: undefined });
        await markFailed(db, byId.get(ids[1])!, { error: "second dead", retryAt: undefined });
        await markFailed(db, byId.get(ids[2])!, { error: "retrying", retryAt: at(100) });
        await markSent(db, byId.get(ids[3])!, at(11));
        // ids[4] stays claimed (in flight).

        const dead = await listDeadLetters(db);
        assert.deepEqual(
          dead.map((d) => [d.id, d.lastError, d.attempts, d.subject]),
          [
            [ids[1], "second dead", 1, "New case 1"],
            [ids[0], "first dead", 1, "New case 0"],
          ],
        );
        assert.deepEqual(
          (await listDeadLetters(db, { limit: 1, offset: 1 })).map((d) => d.id),
          [ids[0]],
        );
        assert.deepEqual(await outboxStats(db, at(12)), {
          pending: 2,
          due: 0,
          inFlight: 1,
          retrying: 1,
          sent: 1,
          dead: 2,
          oldestPendingAt: at(2).toISOString(),
        });

        assert.equal(await retryMessage(db, ids[0], at(20)), true);
        const back = await row(database, ids[0]);
        assert.deepEqual(
          [back.status, back.attempts, back.next_attempt_at, back.last_error],
          ["pending", 0, at(20).toISOString(), null],
        );
        assert.equal(await retryMessage(db, ids[2]), false, "pending is not dead");
        assert.equal(await retryMessage(db, ids[3]), false, "sent is not dead");
        const stats = await outboxStats(db, at(20));
        assert.equal(stats.dead, 1);
        assert.equal(stats.due, 1);
      } finally {
        await database.cleanup();
      }
    });

    if (dialect === "postgres") {
      test("concurrent claims skip rows another transaction holds instead of waiting", async () => {
        const database = await migrated(dialect);
        const other = openDatabase({
          dataDir: database.dataDir,
          databaseUrl: database.databaseUrl,
          schema: database.schema,
        });
        try {
          const { db } = database.handle;
          const ids: string[] = [];
          for (let i = 0; i < 4; i++) ids.push(await enqueue(db, email(i), { now: at(i) }));
          let release: () => void = () => {};
          let locked: () => void = () => {};
          const isLocked = new Promise<void>((resolve) => (locked = resolve));
          // Another worker's claim, caught between its SELECT … FOR UPDATE and its commit.
          const holding = db.transaction().execute(async (trx) => {
            await trx
              .selectFrom("outbox")
              .select("id")
              .where("id", "in", [ids[0], ids[1]])
              .forUpdate()
              .execute();
            locked();
            await new Promise<void>((resolve) => (release = resolve));
          });
          await isLocked;
          const started = Date.now();
          const claim = await claimDue(other, { now: at(10), limit: 10, leaseMillis: 60_000 });
          assert.ok(Date.now() - started < 1000, "did not wait for the lock");
          assert.deepEqual(
            claim.map((m) => m.id),
            [ids[2], ids[3]],
          );
          release();
          await holding;
        } finally {
          await other.close();
          await database.cleanup();
        }
      });
    }
  });
}
