// The question types by name, and the steps every type shares: optional
// questions, "I do not know", and turning a stored answer back into fields.

import type {
  Answer,
  ComponentView,
  FieldError,
  Question,
  QuestionTypeName,
  RawBody,
  RawInput,
} from "../engine/types.ts";
import { approximateTime } from "./approximate-time.ts";
import { checkboxes } from "./checkboxes.ts";
import { DONT_KNOW_VALUE } from "./choice.ts";
import { DONT_KNOW, fieldError, isDontKnow, readString } from "./common.ts";
import { date } from "./date.ts";
import { email } from "./email.ts";
import { fullName } from "./full-name.ts";
import { longText } from "./long-text.ts";
import { money } from "./money.ts";
import type { AcceptContext, QuestionType, ViewState } from "./question-type.ts";
import { radios } from "./radios.ts";
import { shortText } from "./short-text.ts";
import { ukAddress } from "./uk-address.ts";
import { ukPhone } from "./uk-phone.ts";
import { ukPostcode } from "./uk-postcode.ts";
import { wholeNumber } from "./whole-number.ts";
import { yesNo } from "./yes-no.ts";

export { DONT_KNOW_VALUE } from "./choice.ts";
export { DONT_KNOW, isDontKnow } from "./common.ts";
export type { AcceptContext, QuestionType, ViewState } from "./question-type.ts";

export const questionTypes: Readonly<Record<QuestionTypeName, QuestionType>> = {
  "short-text": shortText,
  "long-text": longText,
  "whole-number": wholeNumber,
  money,
  "yes-no": yesNo,
  radios,
  checkboxes,
  date,
  "approximate-time": approximateTime,
  email,
  "uk-phone": ukPhone,
  "uk-postcode": ukPostcode,
  "uk-address": ukAddress,
  "full-name": fullName,
};

export function isQuestionTypeName(name: unknown): name is QuestionTypeName {
  return typeof name === "string" && Object.hasOwn(questionTypes, name);
}

/** The separate "I do not know" checkbox of a question that is not a choice. */
export const dontKnowField = (q: Question) => `${q.id}-dont-know`;

/** Every form field name a question posts. */
export function fieldNames(q: Question): string[] {
  const type = questionTypes[q.type];
  const names = type.fields(q);
  return q.allowDontKnow && !type.choice ? [...names, dontKnowField(q)] : names;
}

export type QuestionResult =
  | { ok: true; value: Answer | null; raw: RawInput }
  | { ok: false; errors: FieldError[]; raw: RawInput };

/** Reads, validates and normalises one question's answer from a POST body. */
export function acceptQuestion(q: Question, body: RawBody, context: AcceptContext): QuestionResult {
  const type = questionTypes[q.type];
  const raw = type.read(q, body);
  if (q.allowDontKnow) {
    if (type.choice) {
      const chosen = raw[q.id];
      const values = Array.isArray(chosen) ? chosen : [chosen];
      if (values.includes(DONT_KNOW_VALUE)) {
        if (values.length === 1) return { ok: true, value: DONT_KNOW, raw };
        const text = q.errors.exclusive ?? `Select your answers, or select ‘${q.dontKnowText}’`;
        return { ok: false, errors: [fieldError(q, q.id, text)], raw };
      }
    } else {
      const ticked = readString(body, dontKnowField(q)) !== "";
      if (ticked) raw[dontKnowField(q)] = "yes";
      if (ticked && type.isBlank(q, raw)) return { ok: true, value: DONT_KNOW, raw };
      if (ticked) {
        const first = type.fields(q)[0];
        const text =
          q.errors["dont-know-and-answer"] ??
          `Give an answer or select ‘${q.dontKnowText}’, not both`;
        return { ok: false, errors: [fieldError(q, first, text)], raw };
      }
    }
  }
  if (q.optional && type.isBlank(q, raw)) return { ok: true, value: null, raw };
  const result = type.validate(q, raw, context);
  return result.ok
    ? { ok: true, value: result.value, raw }
    : { ok: false, errors: result.errors, raw };
}

/** The fields as they should be shown: what was typed, or the stored answer. */
export function rawFor(q: Question, state: { raw?: RawInput; value?: Answer | null }): RawInput {
  if (state.raw) return state.raw;
  const type = questionTypes[q.type];
  if (state.value === undefined || state.value === null) return {};
  if (isDontKnow(state.value)) {
    return type.choice ? type.toRaw(q, state.value) : { [dontKnowField(q)]: "yes" };
  }
  return type.toRaw(q, state.value);
}

/** The govuk-frontend components that draw a question. */
export function questionView(q: Question, state: ViewState): ComponentView[] {
  const type = questionTypes[q.type];
  const raw = rawFor(q, state);
  const components = type.view(q, raw, state);
  if (!q.allowDontKnow || type.choice) return components;
  return [
    ...components,
    {
      macro: "govukCheckboxes",
      params: {
        idPrefix: dontKnowField(q),
        name: dontKnowField(q),
        items: [{ value: "yes", text: q.dontKnowText, checked: raw[dontKnowField(q)] === "yes" }],
      },
    },
  ];
}

/** Lines for check your answers; a blank optional answer reads "Not given". */
export function summaryLines(q: Question, value: Answer | null | undefined): string[] {
  if (value === undefined || value === null) return ["Not given"];
  if (isDontKnow(value)) return [q.dontKnowText];
  return questionTypes[q.type].summary(q, value);
}
