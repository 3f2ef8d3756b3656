// A calendar date in three boxes, checked the GOV.UK way: name the part that is
// missing, refuse dates that do not exist (31 February), then apply the
// question's bounds (in the past, after another date in the form).

import { MONTH_NAMES } from "../../platform/uk-time.ts";
import type { DateBound, Question, RawInput } from "../engine/types.ts";
import {
  capitalise,
  errorFor,
  fail,
  hint,
  legend,
  message,
  ok,
  rawString,
  readString,
} from "./common.ts";
import type { AcceptContext, QuestionType } from "./question-type.ts";

const PARTS = ["day", "month", "year"] as const;
type Part = (typeof PARTS)[number];

// Lower case, to match what people type ("mar", "March", "MARCH").
const MONTHS = MONTH_NAMES.map((name) => name.toLowerCase());

const field = (q: Question, part: Part) => `${q.id}-${part}`;

function parseMonth(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const word = text.toLowerCase();
  // People type "Feb" or "february"; both are unambiguous.
  const index = MONTHS.findIndex((m) => word.length >= 3 && m.startsWith(word));
  return index === -1 ? undefined : index + 1;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2026-03-03" → "3 March 2026". */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTH_NAMES[month - 1] ?? ""} ${year}`;
}

/** The parts that are blank or not numbers, which the view marks in red. */
function badParts(raw: RawInput, q: Question): Part[] {
  return PARTS.filter((part) => {
    const text = rawString(raw, field(q, part)).trim();
    if (text === "") return true;
    if (part === "month") return parseMonth(text) === undefined;
    return !/^\d+$/.test(text);
  });
}

function joinParts(parts: readonly string[]): string {
  return parts.length <= 1
    ? parts.join("")
    : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function questionById(context: AcceptContext, id: string): Question | undefined {
  for (const page of context.form?.pages ?? []) {
    const found = page.questions.find((q) => q.id === id);
    if (found) return found;
  }
  return undefined;
}

/** A bound as an ISO date and the words for it, or nothing when it does not apply yet. */
function resolveBound(
  bound: DateBound,
  context: AcceptContext,
): { iso: string; words: string } | undefined {
  if ("date" in bound) return { iso: bound.date, words: formatDate(bound.date) };
  if ("today" in bound) return { iso: context.today, words: "today" };
  const answer = context.answers[bound.question];
  if (typeof answer !== "string") return undefined;
  const other = questionById(context, bound.question);
  return { iso: answer, words: other?.shortDescription ?? formatDate(answer) };
}

export const date: QuestionType = {
  name: "date",
  settings: { "must-be": "must-be", after: "date-bound", before: "date-bound" },
  choice: false,
  fields: (q) => PARTS.map((part) => field(q, part)),
  read: (q, body) =>
    Object.fromEntries(PARTS.map((part) => [field(q, part), readString(body, field(q, part))])),
  isBlank: (q, raw) => PARTS.every((part) => rawString(raw, field(q, part)).trim() === ""),
  validate(q, raw, context) {
    const what = q.shortDescription ?? "the date";
    const What = capitalise(what);
    const text = (part: Part) => rawString(raw, field(q, part)).trim();
    const missing = PARTS.filter((part) => text(part) === "");
    if (missing.length === 3)
      return fail(q, field(q, "day"), message(q, "required", `Enter ${what}`));
    if (missing.length > 0) {
      const code = missing.length === 1 ? `missing-${missing[0]}` : "missing-parts";
      return fail(
        q,
        field(q, missing[0]),
        message(q, code, `${What} must include a ${joinParts(missing)}`),
      );
    }
    const bad = badParts(raw, q);
    if (bad.length > 0)
      return fail(q, field(q, bad[0]), message(q, "not-real", `${What} must be a real date`));
    if (!/^\d{4}$/.test(text("year"))) {
      return fail(q, field(q, "year"), message(q, "year-length", "Year must include 4 numbers"));
    }
    const [day, month, year] = [
      Number(text("day")),
      parseMonth(text("month"))!,
      Number(text("year")),
    ];
    if (!isRealDate(year, month, day)) {
      return fail(q, field(q, "day"), message(q, "not-real", `${What} must be a real date`));
    }
    const iso = isoDate(year, month, day);
    const first = field(q, "day");
    const today = context.today;
    switch (q.mustBe) {
      case "past":
        if (iso >= today)
          return fail(q, first, message(q, "must-be-past", `${What} must be in the past`));
        break;
      case "today-or-past":
        if (iso > today) {
          return fail(
            q,
            first,
            message(q, "must-be-today-or-past", `${What} must be today or in the past`),
          );
        }
        break;
      case "future":
        if (iso <= today)
          return fail(q, first, message(q, "must-be-future", `${What} must be in the future`));
        break;
      case "today-or-future":
        if (iso < today) {
          return fail(
            q,
            first,
            message(q, "must-be-today-or-future", `${What} must be today or in the future`),
          );
        }
        break;
    }
    const after = q.after && resolveBound(q.after, context);
    if (after && iso <= after.iso) {
      return fail(q, first, message(q, "too-early", `${What} must be after ${after.words}`));
    }
    const before = q.before && resolveBound(q.before, context);
    if (before && iso >= before.iso) {
      return fail(q, first, message(q, "too-late", `${What} must be before ${before.words}`));
    }
    return ok(iso);
  },
  toRaw(q, value) {
    if (typeof value !== "string") return {};
    const [year, month, day] = value.split("-");
    return {
      [field(q, "day")]: String(Number(day)),
      [field(q, "month")]: String(Number(month)),
      [field(q, "year")]: year,
    };
  },
  summary: (_q, value) => [typeof value === "string" ? formatDate(value) : ""],
  view(q, raw, state) {
    const mine = state.errors.filter((e) => e.question === q.id);
    const bad = mine.length === 0 ? [] : badParts(raw, q);
    // A date that is whole but wrong (not real, out of bounds) marks every box.
    const marked = mine.length > 0 && bad.length === 0 ? [...PARTS] : bad;
    const items = PARTS.map((part) => ({
      name: part,
      label: capitalise(part),
      value: rawString(raw, field(q, part)),
      classes: [
        part === "year" ? "govuk-input--width-4" : "govuk-input--width-2",
        marked.includes(part) ? "govuk-input--error" : "",
      ]
        .filter(Boolean)
        .join(" "),
    }));
    return [
      {
        macro: "govukDateInput",
        params: {
          id: q.id,
          namePrefix: q.id,
          fieldset: legend(q, state.isPageHeading),
          ...hint(q),
          ...errorFor(
            state.errors,
            PARTS.map((part) => field(q, part)),
          ),
          items,
        },
      },
    ];
  },
};
