// Evaluating the conditions that choose a branch. A comparison needs an answer:
// on a question not reached, left blank or answered "I do not know" it is false
// whatever the operator, so `not-equals` never holds by accident.

import { isDontKnow } from "../questions/index.ts";
import { indexOf, todayInUk } from "./form-index.ts";
import type { Answer, Answers, Condition, ConditionValue, Facts, FormDefinition } from "./types.ts";

export type ConditionOptions = { today?: string; facts?: Facts };

export function evaluateCondition(
  condition: Condition,
  answers: Answers,
  form: FormDefinition,
  options: ConditionOptions = {},
  depth = 0,
): boolean {
  // Named conditions are checked for loops at load; this guards definitions built by hand.
  if (depth > 100) throw new Error("conditions nest too deeply: is a named condition a loop?");
  // Loops rather than every()/some() with a closure: conditions are evaluated for every
  // branch on the path, several times per request, and each closure was garbage.
  switch (condition.kind) {
    case "all":
      for (const c of condition.conditions) {
        if (!evaluateCondition(c, answers, form, options, depth + 1)) return false;
      }
      return true;
    case "any":
      for (const c of condition.conditions) {
        if (evaluateCondition(c, answers, form, options, depth + 1)) return true;
      }
      return false;
    case "not":
      return !evaluateCondition(condition.condition, answers, form, options, depth + 1);
    case "named": {
      const named = form.conditions[condition.name];
      if (!named) throw new Error(`no condition named "${condition.name}"`);
      return evaluateCondition(named, answers, form, options, depth + 1);
    }
    case "answered":
    case "not-answered": {
      const value = Object.hasOwn(answers, condition.question) ? answers[condition.question] : null;
      const answered = value !== null && value !== undefined;
      return condition.kind === "answered" ? answered : !answered;
    }
    case "compare":
      return compare(condition, answers, form, options);
    case "fact": {
      // An unknown fact (no postcode given, or outside the force's area) matches nothing.
      const known = options.facts?.[condition.fact];
      if (condition.operator === "known") return (known !== undefined) === condition.value;
      if (known === undefined) return false;
      const values = (Array.isArray(condition.value) ? condition.value : [condition.value]).map(
        String,
      );
      const matches = values.includes(known);
      return condition.operator === "not-equals" ? !matches : matches;
    }
  }
}

function compare(
  condition: Extract<Condition, { kind: "compare" }>,
  answers: Answers,
  form: FormDefinition,
  options: ConditionOptions,
): boolean {
  const answer = Object.hasOwn(answers, condition.question) ? answers[condition.question] : null;
  if (answer === null || answer === undefined) return false;
  const { operator } = condition;
  if (isDontKnow(answer)) {
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    return (operator === "equals" || operator === "one-of") && values.includes("dont-know");
  }
  // Money is written in pounds in conditions and stored in pence.
  const isMoney = indexOf(form).questions.get(condition.question)?.question.type === "money";
  switch (operator) {
    case "equals":
      return equals(answer, scaled(asScalar(condition.value), isMoney));
    case "not-equals":
      return !equals(answer, scaled(asScalar(condition.value), isMoney));
    case "one-of": {
      // Loops, not map/some with closures: this runs for branches on every request's path.
      const values = condition.value;
      if (!Array.isArray(values)) return equalsAny(answer, scaled(values, isMoney));
      for (const value of values) {
        if (equalsAny(answer, scaled(value, isMoney))) return true;
      }
      return false;
    }
    case "contains": {
      const needle = String(condition.value);
      if (Array.isArray(answer)) return answer.includes(needle);
      return typeof answer === "string" && answer.toLowerCase().includes(needle.toLowerCase());
    }
    case "before":
    case "after": {
      if (typeof answer !== "string") return false;
      const bound =
        condition.value === "today" ? (options.today ?? todayInUk()) : String(condition.value);
      return operator === "before" ? answer < bound : answer > bound;
    }
    case "less-than":
    case "greater-than": {
      const bound = scaled(Number(condition.value), isMoney);
      if (typeof answer !== "number" || typeof bound !== "number") return false;
      return operator === "less-than" ? answer < bound : answer > bound;
    }
  }
}

/** A value from a condition as the answer is stored: pounds in pence for a money question. */
function scaled(value: string | number | boolean, isMoney: boolean): string | number | boolean {
  return isMoney && typeof value === "number" ? Math.round(value * 100) : value;
}

/** For one-of: a checkbox answer matches when any one of its choices does. */
function equalsAny(answer: Answer, value: string | number | boolean): boolean {
  if (!Array.isArray(answer)) return equals(answer, value);
  for (const choice of answer) {
    if (equals(choice, value)) return true;
  }
  return false;
}

function asScalar(value: ConditionValue): string | number | boolean {
  return Array.isArray(value) ? (value[0] ?? "") : value;
}

function equals(answer: Answer, value: string | number | boolean): boolean {
  // `equals: true` on a yes/no question reads naturally; so does `equals: "yes"`.
  const expected = value === true ? "yes" : value === false ? "no" : value;
  if (Array.isArray(answer)) return answer.length === 1 && answer[0] === String(expected);
  if (typeof answer === "number")
    return typeof expected === "number" ? answer === expected : String(answer) === expected;
  if (typeof answer === "string") return answer === String(expected);
  return false;
}
