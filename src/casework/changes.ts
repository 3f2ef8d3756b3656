// Changes to a case by a member of staff. Each one, in a single transaction: the change to
// the case (and its updated_at), a row in the case's history, a row in the audit log and,
// when the reporter can see the change and gave an email address, an email in the outbox.
// Either all of it happens or none of it does.
//
// The email only says there is news and where to read it: never the message, the status
// or anything the reporter told us, because email is not a private channel.
//
// The history entries written here (case_events.kind, visibility, data), which "track your
// report" reads for the public ones:
//   status-changed    public  {from, to, outcome?}   (from "closed": the case was reopened)
//   message-out       public  {text, team}           signed by the team, not the person
//   note              staff   {text}
//   assigned          staff   {from, to}             staff ids, null for no one
//   priority-changed  staff   {from, to}
// And the audit log's actions: case:view, case:state-reason, case:change-status,
// case:message-reporter, case:add-note, case:assign, case:change-priority, case:export,
// queue:view, queue:export. Their detail never holds a note's or a message's text.
import type { Kysely, Transaction } from "kysely";
import type { CasePriority, CaseStatus, CaseTable } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { timeOrderedId } from "../db/time-ordered-id.ts";
import { enqueue } from "../outbox/index.ts";
import { audit } from "../staff/audit.ts";
import type { StaffMember } from "../staff/policy.ts";

export const NEWS_SUBJECT = "There is news about your report";

export function newsEmailText(forceName: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  return [
    `There is news about a report you made to ${forceName}.`,
    "",
    "To see it, go to track your report:",
    `${base}/track`,
    "",
    "You will need your reference number and this email address.",
    "",
    "To keep your report private, this email does not include any details of it.",
    "",
    "Do not reply to this email.",
  ].join("\n");
}

export type ChangeContext = {
  staff: StaffMember;
  caseId: string;
  now: Date;
  /** The reason given for opening a sensitive case, recorded with each change to it. */
  reason?: string;
  /** For the email to the reporter. */
  forceName: string;
  publicUrl: string;
};

type Change = {
  /** Columns to set on the case, besides updated_at. */
  set?: Partial<Pick<CaseTable, "status" | "outcome" | "owner_id" | "priority">>;
  /** Only change the case while its status is still this (someone else may have moved it). */
  whileStatus?: CaseStatus;
  event: { kind: string; visibility: "public" | "staff"; data: Record<string, unknown> };
  audit: { action: string; detail: Record<string, unknown> };
};

export type ChangeResult = { ok: true; eventId: string; emailed: boolean } | { ok: false };

async function applyChange(
  db: Kysely<Database>,
  context: ChangeContext,
  change: Change,
): Promise<ChangeResult> {
  const at = context.now.toISOString();
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable("cases")
      .set({ ...change.set, updated_at: at })
      .where("id", "=", context.caseId);
    if (change.whileStatus) update = update.where("status", "=", change.whileStatus);
    const updated = await update.returning(["reporter_email"]).executeTakeFirst();
    if (!updated) return { ok: false };
    const eventId = timeOrderedId(context.now.getTime());
    await trx
      .insertInto("case_events")
      .values({
        id: eventId,
        case_id: context.caseId,
        at,
        actor_id: context.staff.id,
        kind: change.event.kind,
        visibility: change.event.visibility,
        data: JSON.stringify(change.event.data),
      })
      .execute();
    const emailed =
      change.event.visibility === "public" &&
      (await tellReporter(trx, context, updated.reporter_email));
    await audit(
      trx,
      {
        staffId: context.staff.id,
        action: change.audit.action,
        caseId: context.caseId,
        reason: context.reason,
        detail: { ...change.audit.detail, event: eventId, ...(emailed ? { emailed } : {}) },
      },
      context.now,
    );
    return { ok: true, eventId, emailed };
  });
}

/**
 * Enqueues "there is news" to the reporter, unless they gave no email or one is already
 * waiting to be sent for this case (one email covers every change made before it goes).
 */
async function tellReporter(
  trx: Transaction<Database>,
  context: ChangeContext,
  email: string | null,
): Promise<boolean> {
  if (!email) return false;
  const waiting = await trx
    .selectFrom("outbox")
    .select("id")
    .where("case_id", "=", context.caseId)
    .where("status", "=", "pending")
    .where("channel", "=", "email")
    .where("subject", "=", NEWS_SUBJECT)
    .limit(1)
    .executeTakeFirst();
  if (waiting) return true;
  await enqueue(
    trx,
    {
      channel: "email",
      to: email,
      subject: NEWS_SUBJECT,
      text: newsEmailText(context.forceName, context.publicUrl),
      caseId: context.caseId,
    },
    { now: context.now },
  );
  return true;
}

export function changeStatus(
  db: Kysely<Database>,
  context: ChangeContext,
  change: { from: CaseStatus; to: CaseStatus; outcome?: string },
): Promise<ChangeResult> {
  const closing = change.to === "closed";
  return applyChange(db, context, {
    set: { status: change.to, outcome: closing ? (change.outcome ?? null) : null },
    whileStatus: change.from,
    event: {
      kind: "status-changed",
      visibility: "public",
      data: { from: change.from, to: change.to, ...(closing ? { outcome: change.outcome } : {}) },
    },
    audit: {
      action: "case:change-status",
      detail: { from: change.from, to: change.to, ...(closing ? { outcome: change.outcome } : {}) },
    },
  });
}

export function assignCase(
  db: Kysely<Database>,
  context: ChangeContext,
  change: { from: string | null; to: string | null },
): Promise<ChangeResult> {
  return applyChange(db, context, {
    set: { owner_id: change.to },
    event: { kind: "assigned", visibility: "staff", data: { from: change.from, to: change.to } },
    audit: { action: "case:assign", detail: { from: change.from, to: change.to } },
  });
}

export function changePriority(
  db: Kysely<Database>,
  context: ChangeContext,
  change: { from: CasePriority; to: CasePriority },
): Promise<ChangeResult> {
  return applyChange(db, context, {
    set: { priority: change.to },
    event: {
      kind: "priority-changed",
      visibility: "staff",
      data: { from: change.from, to: change.to },
    },
    audit: { action: "case:change-priority", detail: { from: change.from, to: change.to } },
  });
}

/** A note for colleagues: never shown to the reporter. The audit log records that, not what. */
export function addNote(
  db: Kysely<Database>,
  context: ChangeContext,
  text: string,
): Promise<ChangeResult> {
  return applyChange(db, context, {
    event: { kind: "note", visibility: "staff", data: { text } },
    audit: { action: "case:add-note", detail: {} },
  });
}

/** A message the reporter reads on track your report, signed by the team, not the person. */
export function messageReporter(
  db: Kysely<Database>,
  context: ChangeContext,
  input: { text: string; teamId: string },
): Promise<ChangeResult> {
  return applyChange(db, context, {
    event: {
      kind: "message-out",
      visibility: "public",
      data: { text: input.text, team: input.teamId },
    },
    audit: { action: "case:message-reporter", detail: {} },
  });
}

/** A view of a case (or a refused change that showed it again): who, when and why. */
export async function auditView(
  db: Kysely<Database>,
  entry: { staffId: string; caseId: string; reason?: string; detail?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await audit(
    db,
    {
      staffId: entry.staffId,
      action: "case:view",
      caseId: entry.caseId,
      reason: entry.reason,
      detail: entry.detail,
    },
    now,
  );
}
