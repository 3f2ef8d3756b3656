// The audit log: every view and change of a case by staff, append-only (the database
// refuses updates and deletes), with who, when, what and, for sensitive cases, why.
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

let lastMillis = 0;
let sequence = 0;

/**
 * An audit entry's id: a version 7 UUID (the time in milliseconds, then a counter, then
 * random bits), so ids sort in the order this process wrote them. Entries are read in
 * order of `at` then id, and two entries in the same millisecond (a view straight after
 * the change that led to it) would otherwise come out in a random order. The counter
 * keeps ids rising within a millisecond; when it runs out the time part moves on by one.
 */
export function auditId(millis = Date.now()): string {
  if (millis > lastMillis) {
    lastMillis = millis;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMillis++;
    sequence = 0;
  }
  const time = lastMillis.toString(16).padStart(12, "0");
  const random = randomBytes(8);
  random[0] = (random[0] & 0x3f) | 0x80; // the RFC 9562 variant
  const tail = random.toString("hex");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, "0")}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

export async function audit(
  db: Db,
  entry: {
    staffId: string | null;
    action: string;
    caseId?: string;
    reason?: string;
    detail?: Record<string, unknown>;
  },
  now: Date = new Date(),
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id: auditId(now.getTime()),
      at: now.toISOString(),
      staff_id: entry.staffId,
      action: entry.action,
      case_id: entry.caseId ?? null,
      reason: entry.reason ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
