// A reply from the reporter: added to the case's history and, in the same transaction, an
// alert to the team's mailbox. The alert only links to the case: the reply itself, and
// anything else the reporter told us, stays in the back office.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { timeOrderedId } from "../db/time-ordered-id.ts";
import { enqueue } from "../outbox/index.ts";

export const REPLY_MAX_LENGTH = 2000;
export const REPLY_ALERT_SUBJECT = "New reply on a case";

/** Browsers post line breaks as CRLF; count them as one character, as the character count does. */
export function normaliseReply(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

/** The error to show for a reply, or undefined when it can be sent. */
export function replyError(text: string): string | undefined {
  if (text === "") return "Enter your message";
  if ([...text].length > REPLY_MAX_LENGTH) {
    return `Your message must be ${REPLY_MAX_LENGTH} characters or less`;
  }
  return undefined;
}

export function replyAlertText(caseUrl: string): string {
  return [
    "Someone who made a report has replied on track your report.",
    "",
    "Sign in to read the reply and see the case:",
    caseUrl,
    "",
    "For their privacy, this email does not include the reply or any details of the report.",
  ].join("\n");
}

/**
 * Adds the reply to a case that is still open. Returns false, changing nothing, when the case
 * has been closed in the meantime. One alert waits in the outbox per case at a time: further
 * replies before it is sent are in the same case, which the team will open anyway.
 */
export async function addReply(
  db: Kysely<Database>,
  input: { caseId: string; text: string; now: Date; publicUrl: string },
): Promise<boolean> {
  const at = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("cases")
      .set({ updated_at: at })
      .where("id", "=", input.caseId)
      .where("status", "!=", "closed")
      .returning(["team_id"])
      .executeTakeFirst();
    if (!updated) return false;
    await trx
      .insertInto("case_events")
      .values({
        id: timeOrderedId(input.now.getTime()),
        case_id: input.caseId,
        at,
        actor_id: null,
        kind: "message-in",
        visibility: "public",
        data: JSON.stringify({ text: input.text }),
      })
      .execute();
    const team = await trx
      .selectFrom("teams")
      .select("alert_email")
      .where("id", "=", updated.team_id)
      .executeTakeFirst();
    const waiting = await trx
      .selectFrom("outbox")
      .select("id")
      .where("case_id", "=", input.caseId)
      .where("status", "=", "pending")
      .where("subject", "=", REPLY_ALERT_SUBJECT)
      .limit(1)
      .executeTakeFirst();
    if (team?.alert_email && !waiting) {
      const base = input.publicUrl.replace(/\/+$/, "");
      await enqueue(
        trx,
        {
          channel: "email",
          to: team.alert_email,
          subject: REPLY_ALERT_SUBJECT,
          text: replyAlertText(`${base}/staff/cases/${input.caseId}`),
          caseId: input.caseId,
        },
        { now: input.now },
      );
    }
    return true;
  });
}
