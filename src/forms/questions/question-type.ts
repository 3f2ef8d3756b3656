// What every question type owns: reading its fields from a POST body, validating
// and normalising them, the text for check your answers, and the govuk-frontend
// macro that draws it. One module per type, so a type is read in one place.

import type {
  Answer,
  Answers,
  ComponentView,
  FieldError,
  FormDefinition,
  Question,
  QuestionTypeName,
  RawBody,
  RawInput,
} from "../engine/types.ts";

export type AcceptContext = {
  /** Today's date as YYYY-MM-DD, injected so that date rules are testable. */
  today: string;
  /** The answers so far, for bounds such as "after the date of the collision". */
  answers: Answers;
  form?: FormDefinition;
};

export type Validated = { ok: true; value: Answer } | { ok: false; errors: FieldError[] };

export type ViewState = {
  /** What was typed, after an error: wins over `value`. */
  raw?: RawInput;
  value?: Answer | null;
  errors: readonly FieldError[];
  isPageHeading: boolean;
};

/** A setting a type accepts in YAML, checked by the loader. */
export type SettingKind =
  | "string"
  | "boolean"
  | "integer"
  | "number"
  | "options"
  | "must-be"
  | "date-bound";

export type QuestionType = {
  name: QuestionTypeName;
  /** YAML settings this type owns, beyond the common ones. */
  settings: Readonly<Record<string, SettingKind>>;
  /** True when "I do not know" is one more option rather than a separate checkbox. */
  choice: boolean;
  /** The form field names this question posts, first one first. */
  fields(question: Question): string[];
  /** Picks this question's fields out of the body; never throws on odd input. */
  read(question: Question, body: RawBody): RawInput;
  isBlank(question: Question, raw: RawInput): boolean;
  /** Runs on input that is not blank, or blank and required. */
  validate(question: Question, raw: RawInput, context: AcceptContext): Validated;
  /** Turns a stored answer back into fields, to show it on the page again. */
  toRaw(question: Question, value: Answer): RawInput;
  /** Lines of text for check your answers. */
  summary(question: Question, value: Answer): string[];
  view(question: Question, raw: RawInput, state: ViewState): ComponentView[];
};
