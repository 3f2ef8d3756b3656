// The forms engine: pure functions over a form definition and a person's answers.
// No HTTP, no SQL, no clock (every date rule takes an injectable `today`).
//
// Loading (throws FormDefinitionError with file:line:column on a bad definition):
//   loadFormDefinitions(dir): Map<formId, FormDefinition>   all forms/*.yaml, at start-up
//   loadFormDefinition(file): FormDefinition
//   parseFormDefinition(text, file?): FormDefinition
//   checkFormDefinition(text, file): { form?, problems }  never throws; for the checker
//
// The path (recomputed from the answers on every request):
//   computePath(form, answers, {today?}): { pages, firstUnanswered, end, next }
//   canVisit(form, answers, stepId): boolean             a page, an exit or "check-answers"
//   nextPageAfter(form, answers, pageId): string | undefined   where a page's branches lead
//   previousPage(form, answers, stepId): string | null   the back link; null = the start
//   answersOnPath(form, answers): Answers                drops abandoned branches
//   isCompletePath(form, answers): boolean               refuse a submission unless true
//   isOnPath / pageBefore / answersAlong / isComplete   the same four for a path already
//                                                        computed (one computePath a request)
//   evaluateCondition(condition, answers, form, {today?}): boolean
//
// A page's answer and its display:
//   acceptAnswer(form, pageId, body, {answers?, today?})
//     → { ok: true, answers } | { ok: false, errors: [{question, field, href, text}], raw }
//   pageView(form, pageId, {answers?, raw?, errors?}) → title, components, errorSummary
//   summaryRows(form, answers) → [{ questionId, pageId, key, lines, text }]
//   summaryRowsOf(form, answersOnPath) → the same, for answers already on the path
//   stepKind(form, stepId) → "page" | "exit" | "check-answers" | undefined
//
// What a start link fills in (prefill:, see prefill.ts):
//   readPrefill(form, query or body, {today?}) → { answers, area?, parameters }  never throws
//   answersWithSuggestions(answers, prefill) → the answers a page is drawn with
//   prefillRows(form, prefill) → [{ questionId, key, lines }]   what the start page lists
//
// Where the case goes:
//   routeCandidates(form, answers, facts) → queue ids whose routing rule holds, in order
//
// Store `{...answers, ...result.answers}` after a valid POST, then redirect to
// computePath(...).next (which is check-answers again after a change that keeps the path).

import { indexOf } from "./form-index.ts";
import { CHECK_ANSWERS, type ExitPage, type FormDefinition, type Page } from "./types.ts";

export { DONT_KNOW, isDontKnow } from "../questions/index.ts";
export { type AcceptOptions, type AcceptResult, acceptAnswer, mergeAnswers } from "./accept.ts";
export { type ConditionOptions, evaluateCondition } from "./conditions.ts";
export { FormDefinitionError, formatProblem, type Problem } from "./form-definition-error.ts";
export { todayInUk } from "./form-index.ts";
export {
  type CheckedDefinition,
  checkFormDefinition,
  loadFormDefinition,
  loadFormDefinitions,
  parseFormDefinition,
} from "./loader.ts";
export { pageView, type QuestionPageView } from "./page-view.ts";
export {
  answersAlong,
  answersOnPath,
  branchTarget,
  canVisit,
  computePath,
  isComplete,
  isCompletePath,
  isOnPath,
  isPageAnswered,
  type JourneyPath,
  nextPageAfter,
  type PathOptions,
  pageBefore,
  previousPage,
} from "./path.ts";
export {
  answersWithSuggestions,
  prefillRows,
  type ReadPrefill,
  readPrefill,
} from "./prefill.ts";
export { routeCandidates } from "./routing.ts";
export { type SummaryRow, summaryRows, summaryRowsOf } from "./summary.ts";
export * from "./types.ts";

export type StepKind = "page" | "exit" | "check-answers";

/** What a URL segment under /services/{form id}/ names. */
export function stepKind(form: FormDefinition, stepId: string): StepKind | undefined {
  if (stepId === CHECK_ANSWERS) return "check-answers";
  const index = indexOf(form);
  if (index.pages.has(stepId)) return "page";
  if (index.exits.has(stepId)) return "exit";
  return undefined;
}

export function findPage(form: FormDefinition, pageId: string): Page | undefined {
  return indexOf(form).pages.get(pageId);
}

export function findExit(form: FormDefinition, exitId: string): ExitPage | undefined {
  return indexOf(form).exits.get(exitId);
}
