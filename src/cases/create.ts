// A submission becomes a case in the same transaction: routed to a team's queue, given its
// service-level target, and recorded in its history. If any of this fails, the submission
// is not stored either, so there is never a report that nobody will see.
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { timeOrderedId } from "../db/time-ordered-id.ts";
import type { Answers, Facts, FormDefinition } from "../forms/engine/index.ts";
import { enqueue } from "../outbox/index.ts";
import { REFERENCE_ALPHABET } from "../submissions/reference.ts";
import type { SubmissionRecord } from "../submissions/repository.ts";
import { findQuestionsOfType } from "./answers.ts";
import type { Team } from "./teams.ts";

export type CreatedCase = {
  caseId: string;
  team: Team;
  reporterEmail: string | undefined;
  /** For reporters who gave no email: shown once, stored only as a hash. */
  trackingCode: string | undefined;
};

export function hashTrackingCode(code: string): string {
  return createHash("sha256").update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex");
}

/**
 * The tracking code of a journey: derived from the journey id with the site's secret, so
 * the confirmation page can show it again (a reload, a double click) without storing it
 * anywhere but as a hash on the case.
 */
export function trackingCodeFor(secret: string, journeyId: string): string {
  const digest = createHmac("sha256", secret).update(`tracking:${journeyId}`).digest();
  let code = "";
  for (let i = 0; i < 10; i++) code += REFERENCE_ALPHABET[digest[i] % REFERENCE_ALPHABET.length];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export async function createCase(
  trx: Transaction<Database>,
  input: {
    record: SubmissionRecord;
    form: FormDefinition;
    answers: Answers;
    team: Team;
    facts: Facts;
    now: Date;
    /** Used when the reporter gave no email address. */
    trackingCode: string;
    /** The site's public address, for links in messages. */
    publicUrl: string;
  },
): Promise<CreatedCase> {
  const { record, form, answers, team, facts, now } = input;
  const caseId = randomUUID();
  const email = findQuestionsOfType(form, answers, "email")[0];
  const reporterEmail = typeof email === "string" ? email : undefined;
  const trackingCode = reporterEmail ? undefined : input.trackingCode;
  const at = now.toISOString();
  await trx
    .insertInto("cases")
    .values({
      id: caseId,
      reference: record.reference,
      form_id: form.id,
      team_id: team.id,
      status: "new",
      outcome: null,
      owner_id: null,
      priority: "normal",
      sensitive: form.sensitive ? 1 : 0,
      due_at: new Date(now.getTime() + team.target_hours * 3_600_000).toISOString(),
      reporter_email: reporterEmail ?? null,
      tracking_code_hash: trackingCode ? hashTrackingCode(trackingCode) : null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx
    .insertInto("case_events")
    .values({
      id: timeOrderedId(now.getTime()),
      case_id: caseId,
      at,
      actor_id: null,
      kind: "created",
      visibility: "public",
      data: JSON.stringify({ team: team.id, facts }),
    })
    .execute();
  await announceCase(trx, {
    caseId,
    record,
    form,
    answers,
    team,
    reporterEmail,
    publicUrl: input.publicUrl,
    now,
  });
  return { caseId, team, reporterEmail, trackingCode };
}

/**
 * The messages a new case sends, written in the same transaction: an acknowledgement to the
 * reporter (their reference and what happens next, nothing else they told us), an alert to
 * the team's mailbox (a link to the case, never its content), and, for a team that has one,
 * a signed webhook to the force's records system, which does carry the answers.
 */
async function announceCase(
  trx: Transaction<Database>,
  input: {
    caseId: string;
    record: SubmissionRecord;
    form: FormDefinition;
    answers: Answers;
    team: Team;
    reporterEmail: string | undefined;
    publicUrl: string;
    now: Date;
  },
): Promise<void> {
  const { caseId, record, form, team, reporterEmail, publicUrl, now } = input;
  if (reporterEmail) {
    await enqueue(
      trx,
      {
        channel: "email",
        to: reporterEmail,
        subject: `${form.title}: we have received it (reference ${record.reference})`,
        text: [
          `Thank you. We have received what you sent us using "${form.title}".`,
          "",
          `Your reference is ${record.reference}. Keep it: you will need it if you contact us about this.`,
          "",
          "What happens next",
          "",
          form.confirmation.whatHappensNext.trim(),
          "",
          `You can follow what happens at ${publicUrl}/track with your reference and this email address.`,
          "",
          "In an emergency, call 999. Otherwise call 101.",
        ].join("\n"),
        caseId,
      },
      { now },
    );
  }
  if (team.alert_email) {
    await enqueue(
      trx,
      {
        channel: "email",
        to: team.alert_email,
        subject: `New case in the ${team.name} queue`,
        text: [
          `A new case is waiting in your queue.`,
          "",
          `Open it in the back office: ${publicUrl}/staff/cases/${caseId}`,
        ].join("\n"),
        caseId,
      },
      { now },
    );
  }
  if (team.webhook_url && team.webhook_secret) {
    await enqueue(
      trx,
      {
        channel: "webhook",
        url: team.webhook_url,
        secret: team.webhook_secret,
        payload: {
          event: "case.created",
          caseId,
          reference: record.reference,
          team: team.id,
          form: { id: form.id, version: form.version },
          submittedAt: record.submittedAt,
          answers: input.answers,
          link: `${publicUrl}/staff/cases/${caseId}`,
        },
        caseId,
      },
      { now },
    );
  }
}
