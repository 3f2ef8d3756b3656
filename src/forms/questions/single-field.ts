// The shape shared by one-box types whose value is a normalised string
// (email, phone, postcode): required, then format, then normalise.

import type { Question } from "../engine/types.ts";
import {
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

export function singleField({
  name,
  required,
  format,
  normalise,
  display = (value) => value,
  input,
}: {
  name: QuestionType["name"];
  required: (q: Question) => string;
  format: string;
  /** The stored form of the text, or undefined when it is not valid. */
  normalise: (text: string) => string | undefined;
  display?: (value: string) => string;
  input: Record<string, unknown>;
}): QuestionType {
  return {
    name,
    settings: {},
    choice: false,
    fields: (q) => [q.id],
    read: (q, body) => ({ [q.id]: readString(body, q.id) }),
    isBlank: (q, raw) => rawString(raw, q.id).trim() === "",
    validate(q, raw) {
      const text = rawString(raw, q.id).trim();
      if (text === "") return fail(q, q.id, message(q, "required", required(q)));
      const value = normalise(text);
      if (value === undefined) return fail(q, q.id, message(q, "format", format));
      return ok(value);
    },
    toRaw: (q, value) => ({ [q.id]: display(stringAnswer(value)) }),
    summary: (_q, value) => [display(stringAnswer(value))],
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
          ...input,
        },
      },
    ],
  };
}
