// The audit log: every view and change of a case by staff, append-only (the database
// refuses updates and deletes), with who, when, what and, for sensitive cases, why.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { timeOrderedId } from "../db/time-ordered-id.ts";

type Db = Kysely<Database> | Transaction<Database>;

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
      id: timeOrderedId(now.getTime()),
      at: now.toISOString(),
      staff_id: entry.staffId,
      action: entry.action,
      case_id: entry.caseId ?? null,
      reason: entry.reason ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
