// A submission becomes a case in the same transaction: routed to a team's queue, given its
// service-level target, and recorded in its history. If any of this fails, the submission
// is not stored either, so there is never a report that nobody will see.
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Answers, Facts, FormDefinition } from "../forms/engine/index.ts";
import { findQuestionsOfType } from "./answers.ts";
import type { Database } from "../db/schema.ts";
import type { SubmissionRecord } from "../submissions/repository.ts";
import { REFERENCE_ALPHABET } from "../submissions/reference.ts";
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
      id: randomUUID(),
      case_id: caseId,
      at,
      actor_id: null,
      kind: "created",
      visibility: "public",
      data: JSON.stringify({ team: team.id, facts }),
    })
    .execute();
  return { caseId, team, reporterEmail, trackingCode };
}
