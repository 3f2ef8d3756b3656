// Drives a form as a member of the public would, page by page through
// acceptAnswer, choosing at random among valid answers: used by the tests of the
// shipped forms and by the property tests.

import { TIMES_OF_DAY as TIMES } from "../questions/approximate-time.ts";
import { DONT_KNOW_VALUE } from "../questions/index.ts";
import { acceptAnswer } from "./accept.ts";
import { computePath } from "./path.ts";
import type { Answers, FormDefinition, Question } from "./types.ts";

export const TODAY = "2025-06-15";

export type Random = (n: number) => number;

/** A small seeded generator, so a failing journey can be replayed. */
export function seeded(seed: number): Random {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random(items.length)];
}

/** Body fields that a valid answer to this question could post. */
export function validBodies(q: Question): Array<Record<string, string | string[]>> {
  const one = (value: string) => ({ [q.id]: value });
  const bodies: Array<Record<string, string | string[]>> = [];
  switch (q.type) {
    case "short-text":
      bodies.push(one("Some words"));
      break;
    case "long-text":
      bodies.push(one("What happened,\r\nin two lines"));
      break;
    case "whole-number":
      for (const n of [q.min ?? 0, (q.min ?? 0) + 1, (q.min ?? 0) + 2]) {
        if (q.max === undefined || n <= q.max) bodies.push(one(String(n)));
      }
      break;
    case "money":
      bodies.push(one("25.50"), one("£2,000"));
      break;
    case "yes-no":
      bodies.push(one("yes"), one("no"));
      break;
    case "radios":
    case "approximate-time":
      for (const o of q.options ?? TIMES) bodies.push(one(o.value));
      break;
    case "checkboxes": {
      const options = q.options ?? [];
      for (const o of options) bodies.push({ [q.id]: [o.value] });
      const inclusive = options.filter((o) => !o.exclusive).map((o) => o.value);
      if (inclusive.length > 1) bodies.push({ [q.id]: inclusive.slice(0, 2) });
      break;
    }
    case "date":
      bodies.push({ [`${q.id}-day`]: "14", [`${q.id}-month`]: "6", [`${q.id}-year`]: "2025" });
      break;
    case "email":
      bodies.push(one("someone@example.com"));
      break;
    case "uk-phone":
      bodies.push(one("07700 900982"));
      break;
    case "uk-postcode":
      bodies.push(one("sw1a 2aa"));
      break;
    case "uk-address":
      bodies.push({
        [`${q.id}-line-1`]: "1 High Street",
        [`${q.id}-town`]: "London",
        [`${q.id}-postcode`]: "E1 6AN",
      });
      break;
    case "full-name":
      bodies.push({ [`${q.id}-first`]: "Sam", [`${q.id}-last`]: "Smith" });
      break;
  }
  if (q.allowDontKnow) {
    bodies.push(
      q.type === "radios" ||
        q.type === "approximate-time" ||
        q.type === "checkboxes" ||
        q.type === "yes-no"
        ? one(DONT_KNOW_VALUE)
        : { [`${q.id}-dont-know`]: "yes" },
    );
  }
  if (q.optional) bodies.push({});
  return bodies;
}

export type Walk = { answers: Answers; visited: string[]; end: string };

/** One journey from the start to check your answers or an exit. */
export function walk(form: FormDefinition, random: Random, start: Answers = {}): Walk {
  let answers: Answers = start;
  const visited: string[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const path = computePath(form, answers, { today: TODAY });
    if (path.firstUnanswered === null) return { answers, visited, end: path.end ?? "" };
    const page = form.pages.find((p) => p.id === path.firstUnanswered)!;
    visited.push(page.id);
    const body = Object.assign({}, ...page.questions.map((q) => pick(random, validBodies(q))));
    const result = acceptAnswer(form, page.id, body, { answers, today: TODAY });
    if (!result.ok)
      throw new Error(
        `${form.id}/${page.id} refused ${JSON.stringify(body)}: ${JSON.stringify(result.errors)}`,
      );
    answers = { ...answers, ...result.answers };
  }
  throw new Error(`${form.id}: the journey did not end`);
}
