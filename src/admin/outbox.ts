// The admin's side of the outbox: beyond what src/outbox offers (stats, dead letters, retrying
// one), retrying every dead message at once, after an outage of the mail server or the
// records system has been put right.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Puts every dead message back in the queue, due now, attempts reset; returns how many. */
export async function retryAllDead(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({
      status: "pending",
      attempts: 0,
      next_attempt_at: now.toISOString(),
      lease_until: null,
      last_error: null,
    })
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
