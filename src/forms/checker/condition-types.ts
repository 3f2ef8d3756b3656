// Whether a comparison makes sense for the question it names: `before` needs a
// date, `greater-than` a number, `contains` checkboxes or text, and a value that
// names an option must be one of the question's options.

import type { Condition, Question } from "../engine/index.ts";
import { TIMES_OF_DAY } from "../questions/approximate-time.ts";
import { DONT_KNOW_VALUE } from "../questions/index.ts";
import type { YamlPath } from "./yaml-locator.ts";

export type Compare = Extract<Condition, { kind: "compare" }>;

/** A problem with a comparison, at a path under the comparison's own path. */
export type TypeProblem = { at: YamlPath; message: string };

const TEXT_TYPES = new Set(["short-text", "long-text", "email", "uk-phone", "uk-postcode"]);
const NUMBER_TYPES = new Set(["whole-number", "money"]);
const SINGLE_CHOICE = new Set(["radios", "yes-no", "approximate-time"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The values a choice question can have, "dont-know" included when it is allowed. */
export function choiceValues(q: Question): string[] | undefined {
  const values =
    q.type === "yes-no"
      ? ["yes", "no"]
      : q.type === "approximate-time"
        ? (q.options ?? TIMES_OF_DAY).map((o) => o.value)
        : q.type === "radios" || q.type === "checkboxes"
          ? (q.options ?? []).map((o) => o.value)
          : undefined;
  return values && q.allowDontKnow ? [...values, DONT_KNOW_VALUE] : values;
}

export function isSingleChoice(q: Question): boolean {
  return SINGLE_CHOICE.has(q.type);
}

const a = (type: string) => (/^[aei]/.test(type) ? `an ${type}` : `a ${type}`);

export function checkCompare(cond: Compare, q: Question): TypeProblem[] {
  const { operator } = cond;
  const here: YamlPath = [operator];
  const named = `"${q.id}" is ${a(q.type)} question`;
  switch (operator) {
    case "before":
    case "after":
      return q.type === "date"
        ? []
        : [{ at: here, message: `"${operator}" compares dates, but ${named}` }];
    case "less-than":
    case "greater-than":
      return NUMBER_TYPES.has(q.type)
        ? []
        : [{ at: here, message: `"${operator}" compares numbers, but ${named}` }];
    case "contains":
      if (q.type === "checkboxes")
        return checkValues(q, [cond.value as string | number], here, false);
      if (TEXT_TYPES.has(q.type)) return [];
      return [
        {
          at: here,
          message: `"contains" is for checkboxes and text, but ${named}${isSingleChoice(q) ? `: use "equals" or "one-of"` : ""}`,
        },
      ];
    default: {
      const values = Array.isArray(cond.value) ? cond.value : [cond.value];
      return checkValues(q, values, here, Array.isArray(cond.value));
    }
  }
}

/** The values of equals, not-equals, one-of (and contains on checkboxes) against the question. */
function checkValues(
  q: Question,
  values: ReadonlyArray<string | number | boolean>,
  here: YamlPath,
  list: boolean,
): TypeProblem[] {
  const problems: TypeProblem[] = [];
  const at = (i: number): YamlPath => (list ? [...here, i] : here);
  const named = `"${q.id}" is ${a(q.type)} question`;
  const options = choiceValues(q);
  values.forEach((raw, i) => {
    const dontKnow = raw === DONT_KNOW_VALUE;
    if (dontKnow && !q.allowDontKnow && !TEXT_TYPES.has(q.type)) {
      problems.push({
        at: at(i),
        message: `"${q.id}" has no "I do not know" answer: add allow-dont-know: true, or compare with another value`,
      });
      return;
    }
    if (options) {
      // `equals: true` reads naturally on a yes/no question, and the engine allows it.
      const value =
        q.type === "yes-no" && typeof raw === "boolean" ? (raw ? "yes" : "no") : String(raw);
      if (!options.includes(value)) {
        problems.push({
          at: at(i),
          message:
            q.type === "yes-no"
              ? `${named}: compare it with "yes" or "no", not ${JSON.stringify(raw)}`
              : `"${q.id}" has no option ${JSON.stringify(raw)}; its options are: ${options.join(", ")}`,
        });
      }
    } else if (dontKnow) {
      // "I do not know" is a value every type can hold when it is allowed.
    } else if (NUMBER_TYPES.has(q.type)) {
      if (
        typeof raw === "boolean" ||
        (typeof raw === "string" && (raw.trim() === "" || !Number.isFinite(Number(raw))))
      ) {
        problems.push({
          at: at(i),
          message: `${named}: compare it with a number, not ${JSON.stringify(raw)}`,
        });
      }
    } else if (q.type === "date") {
      if (typeof raw !== "string" || !ISO_DATE.test(raw)) {
        problems.push({
          at: at(i),
          message: `${named}: compare it with a date like 2024-01-31, not ${JSON.stringify(raw)}`,
        });
      }
    } else if (TEXT_TYPES.has(q.type)) {
      if (typeof raw === "boolean") {
        problems.push({ at: at(i), message: `${named}: compare it with some text, not ${raw}` });
      }
    } else {
      problems.push({
        at: here,
        message: `${named}: its answer has several parts and cannot be compared; use "answered" or "not-answered"`,
      });
    }
  });
  return problems;
}
