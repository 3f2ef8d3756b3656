// Prefill: what a link to a service's start page may fill in, such as the crime category and
// the area from an area page (`/services/report-a-theft?category=bicycle-theft&area=E05…`).
// The form declares its parameters (`prefill:`); anything else in a link is ignored.
//
// A prefilled answer is a suggestion, not an answer: it is kept apart from the answers, so
// the path is unchanged and the person still sees and answers every page on it (the
// emergency question first), with the suggestion already selected on its page. Values come
// from a link anyone can write, so each goes through its question type like a typed answer,
// and one that the type refuses is dropped without a word to the public. Only values the
// form wrote ever reach a page: an option, yes or no, or a value from the form's `values:`.

import { acceptQuestion, isDontKnow, questionTypes, summaryLines } from "../questions/index.ts";
import { indexOf, todayInUk } from "./form-index.ts";
import type { Answer, Answers, FormDefinition, Prefill, Question } from "./types.ts";

/** Longest parameter value looked at: no option value or area code comes near it. */
const MAX_VALUE_LENGTH = 100;

/** Area codes: ONS GSS codes (E05…, E09…) and police.uk neighbourhood ids. */
const AREA_CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** Whether a question can be prefilled: it must post a single field (not a date or address). */
export function isPrefillable(question: Question): boolean {
  return questionTypes[question.type].fields(question).length === 1;
}

/**
 * Question types whose every answer is one the form wrote: an option, yes or no. Any other
 * type (text, a number, an email address…) would take the link's own words, and show them
 * on the start page and the person's pages as if the force had written them, so a parameter
 * for one needs a `values:` list, which turns the link's value into the form's.
 */
const WRITTEN_BY_THE_FORM = new Set<Question["type"]>(["radios", "checkboxes", "yes-no"]);

/** Whether a link's value may be given to the question as it is, with no `values:` list. */
export function takesLinkValueAsIs(question: Question): boolean {
  return WRITTEN_BY_THE_FORM.has(question.type);
}

/**
 * The answer a value gives a question, as the question type accepts it from a POST; or the
 * type's error. "I do not know" and a blank are never prefilled: they are not suggestions.
 */
export function prefillAnswer(
  form: FormDefinition,
  question: Question,
  value: string,
  today: string = todayInUk(),
): { ok: true; answer: Answer } | { ok: false; message: string } {
  const result = acceptQuestion(question, { [question.id]: value }, { today, answers: {}, form });
  if (!result.ok) return { ok: false, message: result.errors[0]?.text ?? "not accepted" };
  if (result.value === null || isDontKnow(result.value)) {
    return { ok: false, message: "a blank or “I do not know” answer cannot be prefilled" };
  }
  return { ok: true, answer: result.value };
}

/** A prefill read from a link, with the parameters that gave it, to pass on unchanged. */
export type ReadPrefill = Prefill & { parameters: Record<string, string> };

/**
 * The prefill a start link asks for, from its query or the start page's POST body. Never
 * throws: unknown parameters, values the form does not map and values the question type
 * refuses are left out (of `parameters` too).
 */
export function readPrefill(
  form: FormDefinition,
  params: Readonly<Record<string, unknown>> | null | undefined,
  options: { today?: string } = {},
): ReadPrefill {
  const prefill: ReadPrefill = { answers: {}, parameters: {} };
  if (typeof params !== "object" || params === null) return prefill;
  const questions = indexOf(form).questions;
  for (const parameter of form.prefill) {
    const given = Object.hasOwn(params, parameter.name) ? params[parameter.name] : undefined;
    const value = Array.isArray(given) ? given[0] : given;
    if (typeof value !== "string" || value === "" || value.length > MAX_VALUE_LENGTH) continue;
    if (parameter.kind === "area") {
      if (!AREA_CODE.test(value)) continue;
      prefill.area = value;
      prefill.parameters[parameter.name] = value;
      continue;
    }
    const question = questions.get(parameter.question)?.question;
    // Two parameters for one question: the first that gives an answer wins.
    if (!question || Object.hasOwn(prefill.answers, question.id)) continue;
    // `hasOwn`, so that a link's `constructor` or `__proto__` maps to nothing. The loader
    // refuses a free-text question with no `values:`; this keeps a hand-built definition
    // from ever passing a link's words through.
    const mapped = !parameter.values
      ? takesLinkValueAsIs(question)
        ? value
        : undefined
      : Object.hasOwn(parameter.values, value)
        ? parameter.values[value]
        : undefined;
    if (mapped === undefined) continue;
    const accepted = prefillAnswer(form, question, mapped, options.today);
    if (!accepted.ok) continue;
    prefill.answers[question.id] = accepted.answer;
    prefill.parameters[parameter.name] = value;
  }
  return prefill;
}

/** What the start page says will be filled in: each suggested answer, as check your answers reads. */
export function prefillRows(
  form: FormDefinition,
  prefill: Prefill,
): Array<{ questionId: string; key: string; lines: string[] }> {
  const questions = indexOf(form).questions;
  return Object.entries(prefill.answers).flatMap(([id, answer]) => {
    const question = questions.get(id)?.question;
    if (!question) return [];
    return [
      {
        questionId: id,
        key: question.summaryLabel ?? question.label,
        lines: summaryLines(question, answer),
      },
    ];
  });
}

/**
 * The answers to show on a page: the person's own, and for a question they have not answered
 * yet, the suggestion. Only for drawing the page; the path and the stored answers never see it.
 */
export function answersWithSuggestions(
  answers: Answers,
  prefill: Pick<Prefill, "answers"> | undefined,
): Answers {
  if (!prefill) return answers;
  const shown: Record<string, Answer | null> = { ...answers };
  for (const [id, answer] of Object.entries(prefill.answers)) {
    if (!Object.hasOwn(answers, id)) shown[id] = answer;
  }
  return shown;
}
