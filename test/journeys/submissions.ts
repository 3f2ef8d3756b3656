// Reads the submissions table directly, as a test must: not through the code under test.
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import type { Answers } from "../../src/forms/engine/index.ts";

export type StoredSubmission = {
  reference: string;
  formId: string;
  formVersion: number;
  journeyId: string;
  answers: Answers;
};

export async function storedSubmissions(db: Kysely<Database>): Promise<StoredSubmission[]> {
  const rows = await db.selectFrom("submissions").selectAll().orderBy("reference").execute();
  return rows.map((row) => ({
    reference: row.reference,
    formId: row.form_id,
    formVersion: Number(row.form_version),
    journeyId: row.journey_id,
    answers: JSON.parse(row.answers) as Answers,
  }));
}

export async function storedSubmission(
  db: Kysely<Database>,
  reference: string,
): Promise<StoredSubmission | undefined> {
  const row = await db
    .selectFrom("submissions")
    .selectAll()
    .where("reference", "=", reference)
    .executeTakeFirst();
  return (
    row && {
      reference: row.reference,
      formId: row.form_id,
      formVersion: Number(row.form_version),
      journeyId: row.journey_id,
      answers: JSON.parse(row.answers) as Answers,
    }
  );
}

export async function countSubmissions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("submissions")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
