// A count: how many vehicles, how many people. People type "1,200" or " 3 ",
// so commas and spaces are forgiven.

import { formatNumber } from "../../platform/numbers.ts";
import {
  capitalise,
  errorFor,
  fail,
  hint,
  label,
  message,
  ok,
  rawString,
  readString,
  stringAnswer,
} from "./common.ts";
import type { QuestionType } from "./question-type.ts";

export function parseWholeNumber(text: string): number | undefined {
  const cleaned = text.replace(/[\s,]/g, "");
  if (!/^-?\d{1,15}$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

export const wholeNumber: QuestionType = {
  name: "whole-number",
  settings: { min: "integer", max: "integer", prefix: "string", suffix: "string", width: "string" },
  choice: false,
  fields: (q) => [q.id],
  read: (q, body) => ({ [q.id]: readString(body, q.id) }),
  isBlank: (q, raw) => rawString(raw, q.id).trim() === "",
  validate(q, raw) {
    const text = rawString(raw, q.id);
    const what = q.shortDescription ?? "a number";
    if (text.trim() === "") return fail(q, q.id, message(q, "required", `Enter ${what}`));
    const n = parseWholeNumber(text);
    if (n === undefined) {
      return fail(
        q,
        q.id,
        message(q, "not-a-number", `${capitalise(what)} must be a whole number`),
      );
    }
    if (q.min !== undefined && n < q.min) {
      return fail(q, q.id, message(q, "too-small", `${capitalise(what)} must be ${q.min} or more`));
    }
    if (q.max !== undefined && n > q.max) {
      return fail(q, q.id, message(q, "too-big", `${capitalise(what)} must be ${q.max} or less`));
    }
    return ok(n);
  },
  toRaw: (q, value) => ({ [q.id]: stringAnswer(value) }),
  summary: (q, value) => [
    [q.prefix, typeof value === "number" ? formatNumber(value) : "", q.suffix]
      .filter(Boolean)
      .join(" "),
  ],
  view: (q, raw, state) => [
    {
      macro: "govukInput",
      params: {
        id: q.id,
        name: q.id,
        value: rawString(raw, q.id),
        inputmode: "numeric",
        spellcheck: false,
        classes: q.width ?? "govuk-input--width-5",
        label: label(q, state.isPageHeading),
        ...hint(q),
        ...errorFor(state.errors, [q.id]),
        ...(q.prefix ? { prefix: { text: q.prefix } } : {}),
        ...(q.suffix ? { suffix: { text: q.suffix } } : {}),
      },
    },
  ],
};
