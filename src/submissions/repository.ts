// Submissions: the frozen answers of a finished journey. Written once, idempotently: the
// journey id is unique, so a double click, a resubmit or a replayed POST finds the
// submission already made instead of making a second one.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { newReference } from "./reference.ts";

export type NewSubmission = {
  journeyId: string;
  formId: string;
  formVersion: number;
  answers: unknown;
  startedAt: string;
  submittedAt: string;
};

export type SubmissionRecord = NewSubmission & { reference: string };

type Db = Kysely<Database> | Transaction<Database>;

export async function findSubmissionByJourney(
  db: Db,
  journeyId: string,
): Promise<SubmissionRecord | undefined> {
  const row = await db
    .selectFrom("submissions")
    .selectAll()
    .where("journey_id", "=", journeyId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function findSubmission(
  db: Db,
  reference: string,
): Promise<SubmissionRecord | undefined> {
  const row = await db
    .selectFrom("submissions")
    .selectAll()
    .where("reference", "=", reference)
    .executeTakeFirst();
  return row && toRecord(row);
}

function toRecord(row: Database["submissions"]): SubmissionRecord {
  return {
    reference: row.reference,
    journeyId: row.journey_id,
    formId: row.form_id,
    formVersion: Number(row.form_version),
    answers: JSON.parse(row.answers),
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
  };
}

/**
 * Stores a submission and returns it with its reference; if this journey was already
 * submitted, returns that submission unchanged. Whatever else must happen with a new
 * submission (its case, its outbox messages) goes in `alsoInTransaction`, so it commits
 * with the submission or not at all.
 */
export async function submitOnce(
  db: Kysely<Database>,
  submission: NewSubmission,
  alsoInTransaction: (
    trx: Transaction<Database>,
    record: SubmissionRecord,
  ) => Promise<void> = async () => {},
): Promise<{ record: SubmissionRecord; created: boolean }> {
  const existing = await findSubmissionByJourney(db, submission.journeyId);
  if (existing) return { record: existing, created: false };
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = { ...submission, reference: newReference() };
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto("submissions")
          .values({
            reference: record.reference,
            journey_id: record.journeyId,
            form_id: record.formId,
            form_version: record.formVersion,
            answers: JSON.stringify(record.answers),
            started_at: record.startedAt,
            submitted_at: record.submittedAt,
          })
          .execute();
        await alsoInTransaction(trx, record);
      });
      return { record, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either another request submitted this journey a moment ago (use theirs), or the
      // random reference was taken (try another).
      const raced = await findSubmissionByJourney(db, submission.journeyId);
      if (raced) return { record: raced, created: false };
    }
  }
  throw new Error("could not find a free reference after 5 attempts");
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errcode?: number; message?: string };
  return e?.code === "23505" || /UNIQUE constraint failed/.test(e?.message ?? "");
}
