// Helpers shared by the question types: reading untrusted body fields, GOV.UK
// message wording, and the label/legend shapes govuk-frontend expects.

import type { Answer, DontKnow, FieldError, Question, RawBody, RawInput } from "../engine/types.ts";

export const DONT_KNOW: DontKnow = Object.freeze({ dontKnow: true });

export function isDontKnow(value: unknown): value is DontKnow {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { dontKnow?: unknown }).dontKnow === true
  );
}

/** Longest value read from any one field: enough for any question, small enough to be harmless. */
const FIELD_LIMIT = 10_000;

/** One string from a body field. Repeated fields give their first string; anything else is blank. */
export function readString(body: RawBody, name: string): string {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  const first = Array.isArray(value) ? value.find((v) => typeof v === "string") : value;
  return typeof first === "string" ? first.slice(0, FIELD_LIMIT) : "";
}

/** Every string from a repeated body field (checkboxes). */
export function readStrings(body: RawBody, name: string): string[] {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === "string").map((v) => v.slice(0, FIELD_LIMIT));
}

export function rawString(raw: RawInput, name: string): string {
  const value = raw[name];
  return typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? "") : "";
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The question's override for an error code, or the type's wording. */
export function message(question: Question, code: string, wording: string): string {
  return question.errors[code] ?? wording;
}

export function fieldError(question: Question, field: string, text: string): FieldError {
  return { question: question.id, field, href: `#${field}`, text };
}

export function fail(question: Question, field: string, text: string) {
  return { ok: false as const, errors: [fieldError(question, field, text)] };
}

export function ok(value: Answer) {
  return { ok: true as const, value };
}

export function labelText(question: Question): string {
  return question.optional ? `${question.label} (optional)` : question.label;
}

/** A label that is the page's h1 when the question is alone on its page. */
export function label(question: Question, isPageHeading: boolean) {
  return isPageHeading
    ? { text: labelText(question), isPageHeading: true, classes: "govuk-label--l" }
    : { text: labelText(question), classes: "govuk-label--m" };
}

export function legend(question: Question, isPageHeading: boolean) {
  return {
    legend: isPageHeading
      ? { text: labelText(question), isPageHeading: true, classes: "govuk-fieldset__legend--l" }
      : { text: labelText(question), classes: "govuk-fieldset__legend--m" },
  };
}

export function hint(question: Question) {
  return question.hint ? { hint: { text: question.hint } } : {};
}

/** The first error for a field, as govuk-frontend's errorMessage param. */
export function errorFor(errors: readonly FieldError[], fields: readonly string[]) {
  const found = errors.find((e) => fields.includes(e.field));
  return found ? { errorMessage: { text: found.text } } : {};
}

export function stringAnswer(value: Answer): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}
