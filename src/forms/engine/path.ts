// The path: which pages a person sees, given their answers. It is computed on
// every request and never stored, so changing an early answer reroutes the
// journey, and answers left on a branch no longer taken fall away.

import { evaluateCondition } from "./conditions.ts";
import { indexOf } from "./form-index.ts";
import { type Answers, CHECK_ANSWERS, type FormDefinition, type Page } from "./types.ts";

export type PathOptions = { today?: string };

export type JourneyPath = {
  /** Pages on the path in order; the last is the first unanswered page when there is one. */
  pages: string[];
  /** The page waiting for an answer, or null when every page on the path is answered. */
  firstUnanswered: string | null;
  /** Where the answered path ends: `check-answers` or an exit id; null while a page waits. */
  end: string | null;
  /** Where the person should be now: the first unanswered page, or the end. */
  next: string;
};

/** A page is answered when each question has an answer, or a blank one if optional. */
export function isPageAnswered(page: Page, answers: Answers): boolean {
  for (const q of page.questions) {
    if (!Object.hasOwn(answers, q.id)) return false;
    const value = answers[q.id];
    if (value === undefined || (value === null && !q.optional)) return false;
  }
  return true;
}

/** Where a page's branches lead with these answers: a page id, an exit id or `check-answers`. */
export function branchTarget(
  form: FormDefinition,
  page: Page,
  answers: Answers,
  options: PathOptions = {},
): string {
  for (const branch of page.next) {
    if (!branch.when || evaluateCondition(branch.when, answers, form, options)) return branch.goto;
  }
  // The loader insists on a fallback; a hand-built definition without one ends here.
  return CHECK_ANSWERS;
}

export function computePath(
  form: FormDefinition,
  answers: Answers,
  options: PathOptions = {},
): JourneyPath {
  const { pages } = indexOf(form);
  const path: string[] = [];
  let step = form.start;
  for (;;) {
    const page = pages.get(step);
    if (!page) return { pages: path, firstUnanswered: null, end: step, next: step };
    // A path is a few dozen pages at most: looking back along it costs less than a Set made
    // for every request.
    if (path.includes(step)) {
      throw new Error(`the form "${form.id}" loops back to the page "${step}"`);
    }
    path.push(step);
    if (!isPageAnswered(page, answers))
      return { pages: path, firstUnanswered: step, end: null, next: step };
    step = branchTarget(form, page, answers, options);
  }
}

/** Whether a page, exit or check your answers may be shown now. */
export function canVisit(
  form: FormDefinition,
  answers: Answers,
  stepId: string,
  options: PathOptions = {},
): boolean {
  return isOnPath(computePath(form, answers, options), stepId);
}

/** canVisit for a path already worked out from the answers. */
export function isOnPath(path: JourneyPath, stepId: string): boolean {
  return path.pages.includes(stepId) || path.end === stepId;
}

/** Where answering a page leads: a page id, an exit id or `check-answers`; undefined for an unknown page. */
export function nextPageAfter(
  form: FormDefinition,
  answers: Answers,
  pageId: string,
  options: PathOptions = {},
): string | undefined {
  const page = indexOf(form).pages.get(pageId);
  return page && branchTarget(form, page, answers, options);
}

/** The back link's target: the page before this one on the path, or null for the first page. */
export function previousPage(
  form: FormDefinition,
  answers: Answers,
  stepId: string,
  options: PathOptions = {},
): string | null {
  return pageBefore(computePath(form, answers, options), stepId);
}

/** previousPage for a path already worked out from the answers. */
export function pageBefore(path: JourneyPath, stepId: string): string | null {
  const index = path.pages.indexOf(stepId);
  if (index > 0) return path.pages[index - 1];
  if (index === 0) return null;
  // Check your answers and exits come after the last page on the path.
  return path.pages.at(-1) ?? null;
}

/** The answers to pages on the path, dropping those from branches no longer taken. */
export function answersOnPath(
  form: FormDefinition,
  answers: Answers,
  options: PathOptions = {},
): Answers {
  return answersAlong(form, computePath(form, answers, options), answers);
}

/**
 * answersOnPath for a path already worked out from the same answers: a request that needs
 * the path, the back link and the answers on it works the path out once.
 */
export function answersAlong(form: FormDefinition, path: JourneyPath, answers: Answers): Answers {
  const { pages } = indexOf(form);
  const kept: Record<string, Answers[string]> = {};
  for (const pageId of path.pages) {
    const page = pages.get(pageId)!;
    if (!isPageAnswered(page, answers)) continue;
    for (const q of page.questions) kept[q.id] = answers[q.id];
  }
  return kept;
}

/**
 * Whether answers make a finished journey: every page on the path answered and the
 * path ending at check your answers. A submission that is not complete is refused.
 */
export function isCompletePath(
  form: FormDefinition,
  answers: Answers,
  options: PathOptions = {},
): boolean {
  return isComplete(computePath(form, answers, options));
}

/** isCompletePath for a path already worked out from the answers. */
export function isComplete(path: JourneyPath): boolean {
  return path.end === CHECK_ANSWERS;
}
