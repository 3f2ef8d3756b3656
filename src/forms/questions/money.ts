// An amount in pounds, stored in whole pence so that sums never meet floating point.

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
} from "./common.ts";
import type { QuestionType } from "./question-type.ts";

/** "£1,234.5" → 123450. Undefined for anything that is not an amount of money. */
export function parsePence(text: string): number | undefined {
  const cleaned = text.replace(/[\s,£]/g, "").replace(/^gbp/i, "");
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const pence = (match[2] ?? "").padEnd(2, "0");
  return Number(match[1]) * 100 + Number(pence);
}

/** 123450 → "£1,234.50"; whole pounds lose their ".00". */
export function formatPounds(pence: number): string {
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  const whole = formatNumber(pounds);
  return rest === 0 ? `£${whole}` : `£${whole}.${String(rest).padStart(2, "0")}`;
}

export const money: QuestionType = {
  name: "money",
  settings: { min: "number", max: "number" },
  choice: false,
  fields: (q) => [q.id],
  read: (q, body) => ({ [q.id]: readString(body, q.id) }),
  isBlank: (q, raw) => rawString(raw, q.id).trim() === "",
  validate(q, raw) {
    const text = rawString(raw, q.id);
    const what = q.shortDescription ?? "an amount";
    if (text.trim() === "") return fail(q, q.id, message(q, "required", `Enter ${what}`));
    const pence = parsePence(text);
    if (pence === undefined) {
      return fail(
        q,
        q.id,
        message(q, "not-money", `${capitalise(what)} must be an amount of money, like 25 or 25.50`),
      );
    }
    if (q.min !== undefined && pence < Math.round(q.min * 100)) {
      const min = formatPounds(Math.round(q.min * 100));
      return fail(q, q.id, message(q, "too-small", `${capitalise(what)} must be ${min} or more`));
    }
    if (q.max !== undefined && pence > Math.round(q.max * 100)) {
      const max = formatPounds(Math.round(q.max * 100));
      return fail(q, q.id, message(q, "too-big", `${capitalise(what)} must be ${max} or less`));
    }
    return ok(pence);
  },
  toRaw: (q, value) => ({
    [q.id]: typeof value === "number" ? formatPounds(value).slice(1).replace(/,/g, "") : "",
  }),
  summary: (_q, value) => [typeof value === "number" ? formatPounds(value) : ""],
  view: (q, raw, state) => [
    {
      macro: "govukInput",
      params: {
        id: q.id,
        name: q.id,
        value: rawString(raw, q.id),
        inputmode: "decimal",
        spellcheck: false,
        classes: "govuk-input--width-10",
        prefix: { text: "£" },
        label: label(q, state.isPageHeading),
        ...hint(q),
        ...errorFor(state.errors, [q.id]),
      },
    },
  ],
};
