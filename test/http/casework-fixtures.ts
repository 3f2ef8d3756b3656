// Cases for the case-work tests, written straight into the database (with the submission
// each one comes from), so a test can have many cases in many teams without walking the
// public form for each. Tests that need a case made the real way use completeJourney.
import { randomUUID } from "node:crypto";
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Kysely } from "kysely";
import type { CasePriority, CaseStatus } from "../../src/cases/tables.ts";
import type { Database } from "../../src/db/schema.ts";
import { newReference } from "../../src/submissions/reference.ts";
import { signIn } from "../helpers/staff.ts";

export type FixtureCase = {
  teamId?: string;
  formId?: string;
  status?: CaseStatus;
  outcome?: string | null;
  ownerId?: string | null;
  priority?: CasePriority;
  sensitive?: boolean;
  createdAt?: Date;
  dueAt?: Date;
  reporterEmail?: string | null;
  answers?: Record<string, unknown>;
};

/** Answers to report-a-theft as the runner stores them (what summaryRows reads). */
export const theftAnswers = (description = "A black phone in a blue case") => ({
  emergency: "no",
  "how-stolen": "from-person",
  "what-stolen": ["phone"],
  "phone-imei": { dontKnow: true },
  "item-description": description,
  "when-date": "2026-12-02",
  "when-time": "evening",
  "where-known": "postcode",
  "where-postcode": "NW1 7AB",
  value: 25000,
  "saw-suspect": "no",
  witnesses: "no",
  cctv: "no",
  contact: "no",
  "stay-anonymous": "yes",
});

export async function insertCase(
  db: Kysely<Database>,
  fixture: FixtureCase = {},
): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  const reference = newReference();
  const created = fixture.createdAt ?? new Date("2026-12-01T09:00:00Z");
  const due = fixture.dueAt ?? new Date(created.getTime() + 48 * 3_600_000);
  const formId = fixture.formId ?? "report-a-theft";
  await db
    .insertInto("submissions")
    .values({
      reference,
      form_id: formId,
      form_version: 1,
      answers: JSON.stringify(fixture.answers ?? theftAnswers()),
      journey_id: randomUUID(),
      started_at: created.toISOString(),
      submitted_at: created.toISOString(),
    })
    .execute();
  await db
    .insertInto("cases")
    .values({
      id,
      reference,
      form_id: formId,
      team_id: fixture.teamId ?? "online-crime-triage",
      status: fixture.status ?? "new",
      outcome: fixture.outcome ?? null,
      owner_id: fixture.ownerId ?? null,
      priority: fixture.priority ?? "normal",
      sensitive: fixture.sensitive ? 1 : 0,
      due_at: due.toISOString(),
      reporter_email: fixture.reporterEmail ?? null,
      tracking_code_hash: null,
      created_at: created.toISOString(),
      updated_at: created.toISOString(),
    })
    .execute();
  await db
    .insertInto("case_events")
    .values({
      id: randomUUID(),
      case_id: id,
      at: created.toISOString(),
      actor_id: null,
      kind: "created",
      visibility: "public",
      data: JSON.stringify({ team: fixture.teamId ?? "online-crime-triage" }),
    })
    .execute();
  return { id, reference };
}

export async function auditRows(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

export async function eventRows(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom("case_events")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

let addresses = 0;

/**
 * Signs in as test/helpers/staff.ts does, from an address of its own: sign-in is rate-limited
 * per address, and a file that shares one app between its tests signs in more often than a
 * person at one computer would.
 */
export async function signInFrom(
  app: FastifyInstance,
  account: { email: string; totpSecret: string },
) {
  addresses += 1;
  const remoteAddress = `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
  const fromAddress = {
    inject: (options: InjectOptions) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance;
  const browser = await signIn(fromAddress, account);
  return browser;
}
