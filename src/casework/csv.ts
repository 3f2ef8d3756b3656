// A queue as a CSV file, for the spreadsheets a team already uses: one row per case, the
// case's own columns and then the answers in the form's words, one column per question.
//
// A cell that starts with = + - @ or a tab or carriage return would be run as a formula by
// a spreadsheet (e.g. an answer "=HYPERLINK(...)" typed by a member of the public), so such
// a cell gets a leading apostrophe and is shown as the text it is. Quoting is csv-stringify's.
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Kysely } from "kysely";
import { OUTCOMES, STATUS_LABELS } from "../cases/status.ts";
import type { Database } from "../db/schema.ts";
import type { Answers, FormDefinition } from "../forms/engine/index.ts";
import { summaryRows } from "../forms/engine/index.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import { PRIORITY_LABELS, type QueueRow } from "./queue.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const CASE_COLUMNS = [
  "Reference",
  "Service",
  "Status",
  "Outcome",
  "Priority",
  "Owner",
  "Received",
  "Target",
  "Overdue",
  "Sensitive",
] as const;

/** What a sensitive case's answers say in an export: opening it needs a stated reason. */
export const SENSITIVE_ANSWERS = "Sensitive: open the case to see the answers";

/** The answer columns: every question of the forms in the export, in page order, each once. */
export function answerColumns(forms: FormCatalogue, formIds: Iterable<string>): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  const known = [...new Set(formIds)]
    .map((id) => forms.get(id))
    .filter((form) => form !== undefined)
    .sort((a, b) => a.title.localeCompare(b.title));
  for (const form of known) {
    for (const page of form.pages) {
      for (const question of page.questions) {
        const key = question.summaryLabel ?? question.label;
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
  }
  return columns;
}

const formKeys = new WeakMap<FormDefinition, Set<string>>();

function keysOf(form: FormDefinition): Set<string> {
  let keys = formKeys.get(form);
  if (!keys) {
    keys = new Set(
      form.pages.flatMap((page) => page.questions.map((q) => q.summaryLabel ?? q.label)),
    );
    formKeys.set(form, keys);
  }
  return keys;
}

/**
 * The CSV of these cases, streamed. `onBatch` runs before each batch of rows is written
 * (the export audits each case there), so a case is recorded before it leaves.
 */
export function queueCsv(
  db: Kysely<Database>,
  forms: FormCatalogue,
  rows: QueueRow[],
  options: { onBatch?: (batch: QueueRow[]) => Promise<void>; batchSize?: number } = {},
): Readable {
  const batchSize = options.batchSize ?? 500;
  const questions = answerColumns(
    forms,
    rows.map((row) => row.form_id),
  );
  async function* records(): AsyncGenerator<string[]> {
    yield [...CASE_COLUMNS, ...questions];
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      await options.onBatch?.(batch);
      const submissions = await db
        .selectFrom("submissions")
        .select(["reference", "answers"])
        .where(
          "reference",
          "in",
          batch.map((row) => row.reference),
        )
        .execute();
      const answersOf = new Map(submissions.map((s) => [s.reference, s.answers]));
      for (const row of batch) {
        const form = forms.get(row.form_id);
        const byQuestion = new Map<string, string>();
        if (form && !row.sensitive) {
          let answers: Answers = {};
          try {
            answers = JSON.parse(answersOf.get(row.reference) ?? "{}") as Answers;
          } catch {
            answers = {};
          }
          for (const line of summaryRows(form, answers)) byQuestion.set(line.key, line.text);
        }
        yield [
          row.reference,
          form?.title ?? row.form_id,
          STATUS_LABELS[row.status] ?? row.status,
          row.outcome ? (OUTCOMES[row.outcome as keyof typeof OUTCOMES] ?? row.outcome) : "",
          PRIORITY_LABELS[row.priority] ?? row.priority,
          row.owner_name ?? "",
          row.created_at,
          row.due_at,
          row.overdue ? "Yes" : "No",
          row.sensitive ? "Yes" : "No",
          ...questions.map((key) =>
            row.sensitive && form && keysOf(form).has(key)
              ? SENSITIVE_ANSWERS
              : (byQuestion.get(key) ?? ""),
          ),
        ].map(neutraliseFormula);
      }
    }
  }
  return Readable.from(records()).pipe(stringify({ bom: true, record_delimiter: "windows" }));
}
