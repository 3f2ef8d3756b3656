// Plans journeys through a form with the pure engine, so that together they take every
// branch of every page at least once. The HTTP suite drives them through the app and the
// browser suite walks them in Chromium.
//
// The search is exhaustive over the candidate answers (answer-generator.ts), made small by
// one observation: what happens after a page depends only on the answers that later
// conditions and date bounds read. Two partial journeys standing on the same page with the
// same values for those answers have the same futures, so the second is not explored again
// (it is only finished off, to make a whole journey). A branch the search cannot take is
// then unreachable with any answer the generator knows, and the planner says which.
import {
  type Answer,
  type Answers,
  CHECK_ANSWERS,
  computePath,
  evaluateCondition,
  type FormDefinition,
  type Page,
} from "../../src/forms/engine/index.ts";
import {
  type AcceptedBody,
  acceptedBodies,
  type Body,
  questionsInCondition,
} from "./answer-generator.ts";

/** One page of a journey: what was posted, what the engine stored, and where it led. */
export type Step = {
  page: string;
  body: Body;
  accepted: Record<string, Answer | null>;
  /** The index in the page's `next` list of the branch taken. */
  branch: number;
  goto: string;
};

/** From the start to check your answers or an exit. */
export type Journey = { steps: Step[]; answers: Answers; end: string };

/** A branch, named for people: `how-stolen #3 → bike-description`. */
export const branchName = (page: Page, index: number) =>
  `${page.id} #${index + 1} → ${page.next[index].goto}`;

export function allBranches(form: FormDefinition): string[] {
  return form.pages.flatMap((page) => page.next.map((_, i) => branchName(page, i)));
}

export function journeyBranches(form: FormDefinition, journey: Journey): string[] {
  return journey.steps.map((s) => branchName(findPage(form, s.page), s.branch));
}

/** Every step a journey shows: its pages and where it ends. */
export function journeySteps(journey: Journey): string[] {
  return [...journey.steps.map((s) => s.page), journey.end];
}

function findPage(form: FormDefinition, id: string): Page {
  const page = form.pages.find((p) => p.id === id);
  if (!page) throw new Error(`${form.id}: no page "${id}"`);
  return page;
}

/** Which of the page's branches these answers take (the first whose condition holds). */
export function branchIndex(
  form: FormDefinition,
  page: Page,
  answers: Answers,
  today: string,
): number {
  const index = page.next.findIndex(
    (b) => !b.when || evaluateCondition(b.when, answers, form, { today }),
  );
  if (index === -1) throw new Error(`${form.id}/${page.id}: no branch holds and no fallback`);
  return index;
}

/** For each page, the questions that it or any page after it reads in a condition or a date bound. */
function relevantQuestions(form: FormDefinition): Map<string, string[]> {
  const own = new Map<string, Set<string>>();
  for (const page of form.pages) {
    const ids = new Set<string>();
    for (const branch of page.next)
      if (branch.when) for (const id of questionsInCondition(form, branch.when)) ids.add(id);
    for (const q of page.questions) {
      for (const bound of [q.after, q.before])
        if (bound && "question" in bound) ids.add(bound.question);
    }
    own.set(page.id, ids);
  }
  const memo = new Map<string, Set<string>>();
  const from = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const page = form.pages.find((p) => p.id === id);
    const ids = new Set(own.get(id) ?? []);
    memo.set(id, ids);
    if (page) for (const branch of page.next) for (const q of from(branch.goto)) ids.add(q);
    return ids;
  };
  return new Map(form.pages.map((p) => [p.id, [...from(p.id)].sort()]));
}

export type Plan = {
  form: FormDefinition;
  today: string;
  /** A small set of journeys that together take every branch that can be taken. */
  journeys: Journey[];
  /** Every journey the search finished, before the cover was chosen. */
  explored: Journey[];
  branches: string[];
  uncovered: string[];
  /** Candidate answers the engine refused (dates out of bounds are expected; others are not). */
  refused: Array<{ page: string; body: Body; errors: string[] }>;
};

/** Greedy set cover: keep adding the item that covers most keys not yet covered. */
export function cover<T>(items: T[], keys: (item: T) => string[]): T[] {
  const covered = new Set<string>();
  const chosen: T[] = [];
  const keyed = items.map((item) => ({ item, keys: new Set(keys(item)) }));
  for (;;) {
    let best: (typeof keyed)[number] | undefined;
    let bestGain = 0;
    for (const entry of keyed) {
      let gain = 0;
      for (const k of entry.keys) if (!covered.has(k)) gain++;
      if (gain > bestGain) {
        best = entry;
        bestGain = gain;
      }
    }
    if (!best) return chosen;
    chosen.push(best.item);
    for (const k of best.keys) covered.add(k);
  }
}

export function planJourneys(form: FormDefinition, today: string): Plan {
  const relevant = relevantQuestions(form);
  const explored: Journey[] = [];
  const refused: Plan["refused"] = [];
  const refusedSeen = new Set<string>();
  const visited = new Set<string>();
  // Rotates through equivalent answers so that the journeys use many of them, not only the first.
  let turn = 0;

  const candidates = (page: Page, answers: Answers): AcceptedBody[] => {
    const { accepted, refused: no } = acceptedBodies(form, page, answers, today);
    for (const r of no) {
      const key = `${page.id} ${JSON.stringify(r.body)}`;
      if (refusedSeen.has(key)) continue;
      refusedSeen.add(key);
      refused.push({ page: page.id, ...r });
    }
    if (accepted.length === 0) {
      throw new Error(
        `${form.id}/${page.id}: no candidate answer is accepted after ${JSON.stringify(answers)}`,
      );
    }
    return accepted;
  };

  const take = (page: Page, answers: Answers, choice: AcceptedBody): [Step, Answers] => {
    const next = { ...answers, ...choice.accepted };
    const branch = branchIndex(form, page, next, today);
    const step = {
      page: page.id,
      body: choice.body,
      accepted: choice.accepted,
      branch,
      goto: page.next[branch].goto,
    };
    return [step, next];
  };

  /** Finishes a journey with whichever answers come next in turn. */
  const finish = (steps: Step[], answers: Answers): void => {
    for (let guard = 0; guard < 500; guard++) {
      const path = computePath(form, answers, { today });
      if (path.firstUnanswered === null) {
        explored.push({ steps, answers, end: path.end ?? "" });
        return;
      }
      const page = findPage(form, path.firstUnanswered);
      const options = candidates(page, answers);
      const [step, next] = take(page, answers, options[turn++ % options.length]);
      steps = [...steps, step];
      answers = next;
    }
    throw new Error(`${form.id}: a journey did not end`);
  };

  const explore = (steps: Step[], answers: Answers): void => {
    const path = computePath(form, answers, { today });
    if (path.firstUnanswered === null) {
      explored.push({ steps, answers, end: path.end ?? "" });
      return;
    }
    const page = findPage(form, path.firstUnanswered);
    const reads = relevant.get(page.id) ?? [];
    const state = `${page.id} ${JSON.stringify(reads.map((id) => answers[id]))}`;
    if (visited.has(state)) {
      finish(steps, answers);
      return;
    }
    visited.add(state);
    // Answers that leave the same values for everything read later are the same choice.
    const groups = new Map<string, AcceptedBody[]>();
    for (const choice of candidates(page, answers)) {
      const next = { ...answers, ...choice.accepted };
      const key = JSON.stringify(reads.map((id) => next[id]));
      groups.set(key, [...(groups.get(key) ?? []), choice]);
    }
    for (const group of groups.values()) {
      const [step, next] = take(page, answers, group[turn++ % group.length]);
      explore([...steps, step], next);
    }
  };

  explore([], {});
  const branches = allBranches(form);
  const journeys = cover(explored, (j) => [...journeyBranches(form, j), `end:${j.end}`]);
  const covered = new Set(journeys.flatMap((j) => journeyBranches(form, j)));
  return {
    form,
    today,
    journeys,
    explored,
    branches,
    uncovered: branches.filter((b) => !covered.has(b)),
    refused,
  };
}

/** The answers stored after these steps. */
export function answersAfter(steps: Step[], start: Answers = {}): Answers {
  return Object.assign({}, start, ...steps.map((s) => s.accepted));
}

/**
 * Answers that finish a journey at check your answers from these answers, choosing among
 * the candidates depth first; undefined when every way on ends at an exit.
 */
export function finishAtCheckAnswers(
  form: FormDefinition,
  answers: Answers,
  today: string,
): Step[] | undefined {
  const path = computePath(form, answers, { today });
  if (path.firstUnanswered === null) return path.end === CHECK_ANSWERS ? [] : undefined;
  const page = findPage(form, path.firstUnanswered);
  for (const choice of acceptedBodies(form, page, answers, today).accepted) {
    const next = { ...answers, ...choice.accepted };
    const branch = branchIndex(form, page, next, today);
    const rest = finishAtCheckAnswers(form, next, today);
    if (rest) {
      const step = { page: page.id, body: choice.body, accepted: choice.accepted, branch };
      return [{ ...step, goto: page.next[branch].goto }, ...rest];
    }
  }
  return undefined;
}
