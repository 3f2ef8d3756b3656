// The rows of check your answers: every answer on the path, in path order,
// with the page to go back to when the person wants to change it.

import { summaryLines } from "../questions/index.ts";
import { indexOf } from "./form-index.ts";
import { answersOnPath, type PathOptions } from "./path.ts";
import type { Answers, FormDefinition } from "./types.ts";

export type SummaryRow = {
  questionId: string;
  /** The page the Change link goes to. */
  pageId: string;
  key: string;
  /** One line each, e.g. the lines of an address. */
  lines: string[];
  text: string;
};

export function summaryRows(
  form: FormDefinition,
  answers: Answers,
  options: PathOptions = {},
): SummaryRow[] {
  return summaryRowsOf(form, answersOnPath(form, answers, options));
}

/** The rows for answers already on the path (answersOnPath or answersAlong). */
export function summaryRowsOf(form: FormDefinition, kept: Answers): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [questionId, value] of Object.entries(kept)) {
    const found = indexOf(form).questions.get(questionId);
    if (!found) continue;
    const lines = summaryLines(found.question, value);
    rows.push({
      questionId,
      pageId: found.page.id,
      key: found.question.summaryLabel ?? found.question.label,
      lines,
      text: lines.join("\n"),
    });
  }
  return rows;
}
