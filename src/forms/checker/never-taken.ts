// Which branches of a page can be taken. A branch is never taken when, for every
// answer that makes its condition hold, an earlier branch's condition holds too.
//
// Rather than reason about conditions symbolically, this tries every answer that
// could make a difference: each option of a choice question, numbers and dates on
// and either side of each value the conditions compare with, text containing each
// subset of the words they look for, "I do not know", and no answer. The engine's
// own evaluateCondition judges each combination, so the checker and the running
// site cannot disagree. Too many combinations (over LIMIT) and it says nothing.

import {
  type Answer,
  type Answers,
  type Condition,
  DONT_KNOW,
  evaluateCondition,
  type Fact,
  type Facts,
  type FormDefinition,
  type Page,
  type Question,
} from "../engine/index.ts";
import { choiceValues } from "./condition-types.ts";

const LIMIT = 200_000;

export type BranchVerdict =
  | { takeable: true }
  | { takeable: false; reason: "never-holds" }
  | { takeable: false; reason: "shadowed"; by: number | undefined };

/** Comparisons in a condition, named conditions resolved. */
export function comparisons(cond: Condition, form: FormDefinition, depth = 0): Condition[] {
  if (depth > 100) return [];
  switch (cond.kind) {
    case "all":
    case "any":
      return cond.conditions.flatMap((c) => comparisons(c, form, depth + 1));
    case "not":
      return comparisons(cond.condition, form, depth + 1);
    case "named": {
      const named = form.conditions[cond.name];
      return named ? comparisons(named, form, depth + 1) : [];
    }
    default:
      return [cond];
  }
}

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) {
    const count = all.length;
    for (let i = 0; i < count; i++) all.push([...all[i], item]);
  }
  return all;
}

/** The answers worth trying for one question, given what the conditions compare it with. */
function candidates(
  q: Question,
  conds: Condition[],
  today: string | undefined,
): Array<Answer | null> | undefined {
  const values: Array<string | number | boolean> = [];
  for (const c of conds) {
    if (c.kind === "compare" && c.question === q.id)
      values.push(...(Array.isArray(c.value) ? c.value : [c.value]));
  }
  const extra: Array<Answer | null> = [null, ...(q.allowDontKnow ? [DONT_KNOW] : [])];
  const options = choiceValues(q)?.filter((v) => v !== "dont-know");
  if (q.type === "checkboxes") {
    const mentioned = [...new Set(values.map(String))].filter((v) => options?.includes(v));
    const others = options?.filter((v) => !mentioned.includes(v)) ?? [];
    if (mentioned.length > 12) return undefined;
    return [...subsets([...mentioned, ...others.slice(0, 1)]), ...extra];
  }
  if (options) return [...options, ...extra];
  if (q.type === "whole-number" || q.type === "money") {
    const scale = q.type === "money" ? 100 : 1;
    const points = new Set<number>([0]);
    for (const v of values) {
      const n = Number(v) * scale;
      if (!Number.isFinite(n)) continue;
      for (const p of [n - 1, n, n + 1, Math.floor(n), Math.ceil(n)]) points.add(p);
    }
    return [...points, ...extra];
  }
  if (q.type === "date") {
    const points = new Set<string>(["2000-01-01"]);
    for (const v of values) {
      const iso = v === "today" ? today : typeof v === "string" ? v : undefined;
      if (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso))
        for (const d of [-1, 0, 1]) points.add(addDays(iso, d));
    }
    return [...points, ...extra];
  }
  if (q.type === "uk-address" || q.type === "full-name") return [{ part: "x" }, ...extra];
  // Text: each exact value compared with, and text containing each subset of the words looked for.
  const needles = [
    ...new Set(
      conds.flatMap((c) =>
        c.kind === "compare" && c.question === q.id && c.operator === "contains"
          ? [String(c.value).toLowerCase()]
          : [],
      ),
    ),
  ];
  if (needles.length > 10) return undefined;
  const exact = values.filter((v) => typeof v === "string").map(String);
  return [
    ...new Set([...exact, ...subsets(needles).map((s) => `~${s.join("\u0000")}~`)]),
    ...extra,
  ];
}

/** Whether each branch of a page can be taken; undefined when there are too many answers to try. */
export function branchVerdicts(
  form: FormDefinition,
  page: Page,
  questions: ReadonlyMap<string, Question>,
): BranchVerdict[] | undefined {
  return conditionVerdicts(
    form,
    page.next.map((b) => b.when),
    questions,
  );
}

/**
 * The same for any ordered list of conditions where the first that holds wins: branches,
 * or routing rules. `mayPass[i]` marks an entry that can be passed over even when its
 * condition holds (a routing rule for a neighbourhood team that does not exist there), so
 * it never hides the entries after it. `undefined` is a condition that always holds.
 */
export function conditionVerdicts(
  form: FormDefinition,
  whens: ReadonlyArray<Condition | undefined>,
  questions: ReadonlyMap<string, Question>,
  mayPass: readonly boolean[] = [],
): BranchVerdict[] | undefined {
  const conds = whens.flatMap((w) => (w ? comparisons(w, form) : []));
  const ids = [...new Set(conds.flatMap((c) => ("question" in c ? [c.question] : [])))];
  const usesToday = conds.some((c) => c.kind === "compare" && c.value === "today");
  // When a condition uses `today`, the date it is matters: try days either side of each fixed date.
  const fixedDates = conds.flatMap((c) =>
    c.kind === "compare" && typeof c.value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(c.value)
      ? [c.value]
      : [],
  );
  const todays = usesToday
    ? [
        ...new Set([
          "2030-06-15",
          ...fixedDates.flatMap((d) => [-1, 0, 1].map((n) => addDays(d, n))),
        ]),
      ]
    : [undefined];
  // Facts (where it happened, for routing): each value named, some other value, or unknown.
  const factValues = new Map<Fact, Array<string | undefined>>();
  for (const c of conds) {
    if (c.kind !== "fact") continue;
    const named = (Array.isArray(c.value) ? c.value : [c.value]).map(String);
    factValues.set(c.fact, [...new Set([...(factValues.get(c.fact) ?? []), ...named])]);
  }
  const factNames = [...factValues.keys()];
  const factDomains = factNames.map((f) => [...factValues.get(f)!, "\u0000other", undefined]);

  const n = whens.length;
  const everFirst = new Array<boolean>(n).fill(false);
  const everHolds = new Array<boolean>(n).fill(false);
  // holdsWithout[j][i]: entry j's condition held while an earlier entry i's did not.
  const holdsWithout = whens.map(() => new Array<boolean>(n).fill(false));
  let tried = 0;
  for (const today of todays) {
    const domains: Array<Array<Answer | null>> = [];
    for (const id of ids) {
      const q = questions.get(id);
      const domain = q ? candidates(q, conds, today) : [null];
      if (!domain) return undefined;
      domains.push(domain);
    }
    const size = [...domains, ...factDomains].reduce((s, d) => s * d.length, 1);
    tried += size;
    if (tried > LIMIT) return undefined;
    const answers: Record<string, Answer | null> = {};
    const facts: Facts = {};
    const options = { ...(today ? { today } : {}), facts };
    const judge = () => {
      const holds = whens.map((w) => !w || evaluateCondition(w, answers as Answers, form, options));
      // The first that holds is taken; when it may be passed over, so may the next.
      for (let j = 0; j < n; j++) {
        if (!holds[j]) continue;
        everFirst[j] = true;
        if (!mayPass[j]) break;
      }
      for (let j = 0; j < n; j++) {
        if (!holds[j]) continue;
        everHolds[j] = true;
        for (let i = 0; i < j; i++) if (!holds[i] || mayPass[i]) holdsWithout[j][i] = true;
      }
    };
    const visitFacts = (k: number): void => {
      if (k === factNames.length) {
        judge();
        return;
      }
      for (const value of factDomains[k]) {
        if (value === undefined) delete facts[factNames[k]];
        else facts[factNames[k]] = value;
        visitFacts(k + 1);
      }
    };
    const visit = (k: number): void => {
      if (k === ids.length) {
        visitFacts(0);
        return;
      }
      for (const value of domains[k]) {
        answers[ids[k]] = value;
        visit(k + 1);
      }
    };
    visit(0);
  }
  return whens.map((_, j) => {
    if (everFirst[j]) return { takeable: true };
    if (!everHolds[j]) return { takeable: false, reason: "never-holds" };
    const by = holdsWithout[j].findIndex((without, i) => i < j && !without);
    return { takeable: false, reason: "shadowed", by: by === -1 ? undefined : by };
  });
}
