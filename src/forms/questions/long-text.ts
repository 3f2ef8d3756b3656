// Free text in the person's own words, with a character count so they know
// the limit before they reach it.

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

export const DEFAULT_LONG_TEXT_LENGTH = 2000;

/** Browsers post line breaks as CRLF; count them as one character, as the character count does. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

export const longText: QuestionType = {
  name: "long-text",
  settings: { "max-length": "integer", rows: "integer" },
  choice: false,
  fields: (q) => [q.id],
  read: (q, body) => ({ [q.id]: readString(body, q.id) }),
  isBlank: (q, raw) => rawString(raw, q.id).trim() === "",
  validate(q, raw) {
    const text = normalise(rawString(raw, q.id));
    const what = q.shortDescription ?? "your answer";
    if (text === "") return fail(q, q.id, message(q, "required", `Enter ${what}`));
    const max = q.maxLength ?? DEFAULT_LONG_TEXT_LENGTH;
    if ([...text].length > max) {
      return fail(
        q,
        q.id,
        message(q, "too-long", `${capitalise(what)} must be ${max} characters or less`),
      );
    }
    return ok(text);
  },
  toRaw: (q, value) => ({ [q.id]: stringAnswer(value) }),
  summary: (_q, value) => stringAnswer(value).split("\n"),
  view: (q, raw, state) => [
    {
      macro: "govukCharacterCount",
      params: {
        id: q.id,
        name: q.id,
        value: rawString(raw, q.id),
        maxlength: q.maxLength ?? DEFAULT_LONG_TEXT_LENGTH,
        rows: q.rows ?? 5,
        label: label(q, state.isPageHeading),
        ...hint(q),
        ...errorFor(state.errors, [q.id]),
      },
    },
  ],
};
