// A line of text: a name, a registration number, a shop's name.

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

export const DEFAULT_SHORT_TEXT_LENGTH = 200;

export const shortText: QuestionType = {
  name: "short-text",
  settings: { "max-length": "integer", width: "string", autocomplete: "string" },
  choice: false,
  fields: (q) => [q.id],
  read: (q, body) => ({ [q.id]: readString(body, q.id) }),
  isBlank: (q, raw) => rawString(raw, q.id).trim() === "",
  validate(q, raw) {
    const text = rawString(raw, q.id).trim().replace(/\s+/g, " ");
    const what = q.shortDescription ?? "your answer";
    if (text === "") return fail(q, q.id, message(q, "required", `Enter ${what}`));
    const max = q.maxLength ?? DEFAULT_SHORT_TEXT_LENGTH;
    if (text.length > max) {
      return fail(
        q,
        q.id,
        message(q, "too-long", `${capitalise(what)} must be ${max} characters or less`),
      );
    }
    return ok(text);
  },
  toRaw: (q, value) => ({ [q.id]: stringAnswer(value) }),
  summary: (_q, value) => [stringAnswer(value)],
  view: (q, raw, state) => [
    {
      macro: "govukInput",
      params: {
        id: q.id,
        name: q.id,
        value: rawString(raw, q.id),
        label: label(q, state.isPageHeading),
        ...hint(q),
        ...errorFor(state.errors, [q.id]),
        ...(q.width ? { classes: q.width } : {}),
        ...(q.autocomplete ? { autocomplete: q.autocomplete } : {}),
        spellcheck: false,
      },
    },
  ],
};
