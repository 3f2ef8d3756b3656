// The outbox table as the worker and the admin pages use it.
//
// A message is claimed by setting its lease (`lease_until`) to a time in the future. While
// the lease runs, no other worker claims it; when it passes (the worker died, or hung), the
// message is due again. A claim only ever moves `lease_until` forward, so its value also
// identifies the claim: a worker marks a message sent or failed only while the lease it set
// is still there, and a worker that lost its lease changes nothing.
import { type Kysely, sql, type Transaction } from "kysely";
import type { OutboxStatus, OutboxTable } from "../cases/tables.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { Database } from "../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** A message this worker holds until `lease`. */
export type ClaimedMessage = {
  id: string;
  channel: OutboxTable["channel"];
  recipient: string;
  subject: string | null;
  body: string;
  caseId: string | null;
  /** Attempts made before this one. */
  attempts: number;
  /** The `lease_until` this claim set: the claim's identity, and its deadline. */
  lease: string;
};

/**
 * Claims up to `limit` due messages: pending, due, and not held by a live lease. On
 * PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED while the lease is written, so
 * concurrent workers take disjoint sets without waiting for each other. SQLite has a single
 * writer, so one UPDATE … RETURNING is already atomic.
 */
export async function claimDue(
  database: Pick<DatabaseHandle, "db" | "dialect">,
  options: { now: Date; limit: number; leaseMillis: number },
): Promise<ClaimedMessage[]> {
  const now = options.now.toISOString();
  const lease = new Date(options.now.getTime() + options.leaseMillis).toISOString();
  const due = (db: Db) =>
    db
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
      .orderBy("next_attempt_at")
      .limit(options.limit);

  // Idle workers poll often: look before taking any lock, so an empty outbox costs one read.
  if (!(await due(database.db).executeTakeFirst())) return [];

  let rows: OutboxTable[];
  if (database.dialect === "postgres") {
    rows = await database.db.transaction().execute(async (trx) => {
      const ids = (await due(trx).forUpdate().skipLocked().execute()).map((row) => row.id);
      if (ids.length === 0) return [];
      return trx
        .updateTable("outbox")
        .set({ lease_until: lease })
        .where("id", "in", ids)
        .returningAll()
        .execute();
    });
  } else {
    rows = await database.db
      .updateTable("outbox")
      .set({ lease_until: lease })
      .where("id", "in", due(database.db))
      .returningAll()
      .execute();
  }
  return rows
    .sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id))
    .map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      caseId: row.case_id,
      attempts: Number(row.attempts),
      lease,
    }));
}

/** Marks a claimed message delivered. False when the claim had been lost to another worker. */
export async function markSent(db: Db, message: ClaimedMessage, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({
      status: "sent",
      attempts: message.attempts + 1,
      sent_at: now.toISOString(),
      lease_until: null,
      last_error: null,
    })
    .where("id", "=", message.id)
    .where("status", "=", "pending")
    .where("lease_until", "=", message.lease)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a failed attempt: either the message is tried again at `retryAt`, or, without
 * one, it is dead and waits for an admin. `error` must already be free of personal data.
 */
export async function markFailed(
  db: Db,
  message: ClaimedMessage,
  outcome: { error: string; retryAt: Date | undefined },
): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({
      status: outcome.retryAt ? "pending" : "dead",
      attempts: message.attempts + 1,
      ...(outcome.retryAt ? { next_attempt_at: outcome.retryAt.toISOString() } : {}),
      lease_until: null,
      last_error: outcome.error.slice(0, 2000),
    })
    .where("id", "=", message.id)
    .where("status", "=", "pending")
    .where("lease_until", "=", message.lease)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives back claims that were not used (a worker stopping): due again at once, no attempt counted. */
export async function releaseClaims(db: Db, messages: ClaimedMessage[]): Promise<number> {
  let released = 0;
  for (const message of messages) {
    const result = await db
      .updateTable("outbox")
      .set({ lease_until: null })
      .where("id", "=", message.id)
      .where("status", "=", "pending")
      .where("lease_until", "=", message.lease)
      .executeTakeFirst();
    released += Number(result.numUpdatedRows);
  }
  return released;
}

/** A message that has stopped being tried, as an admin sees it (never its body). */
export type DeadLetter = {
  id: string;
  channel: OutboxTable["channel"];
  /** The email address or the webhook URL. */
  recipient: string;
  subject: string | null;
  caseId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
};

/** Dead messages, newest first. */
export async function listDeadLetters(
  db: Db,
  options: { limit?: number; offset?: number } = {},
): Promise<DeadLetter[]> {
  const rows = await db
    .selectFrom("outbox")
    .select([
      "id",
      "channel",
      "recipient",
      "subject",
      "case_id",
      "attempts",
      "last_error",
      "created_at",
    ])
    .where("status", "=", "dead")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    caseId: row.case_id,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: row.created_at,
  }));
}

/**
 * Puts a dead message back in the queue, due at once with its attempts reset. Only dead
 * messages can be retried: a pending one is already queued and a sent one would go twice.
 * False when there is no dead message with that id.
 */
export async function retryMessage(db: Db, id: string, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({
      status: "pending",
      attempts: 0,
      next_attempt_at: now.toISOString(),
      lease_until: null,
      last_error: null,
    })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type OutboxStats = {
  /** Waiting to be delivered, including those being delivered now and those backing off. */
  pending: number;
  /** Pending and due now: the backlog. */
  due: number;
  /** Held by a worker's live lease. */
  inFlight: number;
  /** Pending after at least one failed attempt. */
  retrying: number;
  sent: number;
  dead: number;
  /** When the oldest pending message was written; null when none is pending. */
  oldestPendingAt: string | null;
};

export async function outboxStats(db: Db, now: Date = new Date()): Promise<OutboxStats> {
  const at = now.toISOString();
  const counts = await db
    .selectFrom("outbox")
    .select(["status", (eb) => eb.fn.countAll<string | number>().as("count")])
    .groupBy("status")
    .execute();
  const byStatus = new Map(counts.map((row) => [row.status as OutboxStatus, Number(row.count)]));
  const pending = await db
    .selectFrom("outbox")
    .select([
      sql<
        string | number
      >`coalesce(sum(case when next_attempt_at <= ${at} and (lease_until is null or lease_until < ${at}) then 1 else 0 end), 0)`.as(
        "due",
      ),
      sql<string | number>`coalesce(sum(case when lease_until >= ${at} then 1 else 0 end), 0)`.as(
        "in_flight",
      ),
      sql<string | number>`coalesce(sum(case when attempts > 0 then 1 else 0 end), 0)`.as(
        "retrying",
      ),
      (eb) => eb.fn.min("created_at").as("oldest"),
    ])
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return {
    pending: byStatus.get("pending") ?? 0,
    due: Number(pending.due),
    inFlight: Number(pending.in_flight),
    retrying: Number(pending.retrying),
    sent: byStatus.get("sent") ?? 0,
    dead: byStatus.get("dead") ?? 0,
    oldestPendingAt: pending.oldest ?? null,
  };
}
