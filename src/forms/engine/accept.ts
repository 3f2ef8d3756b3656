// Accepting one page's POST: each question reads, validates and normalises its
// own fields; the page is accepted only when all of them are.

import { acceptQuestion } from "../questions/index.ts";
import { indexOf, todayInUk } from "./form-index.ts";
import type { Answer, Answers, FieldError, FormDefinition, RawBody, RawInput } from "./types.ts";

export type AcceptOptions = {
  /** The answers so far, for rules that compare with another answer. */
  answers?: Answers;
  /** YYYY-MM-DD; defaults to today in the UK. */
  today?: string;
};

export type AcceptResult =
  | { ok: true; answers: Record<string, Answer | null> }
  | { ok: false; errors: FieldError[]; raw: RawInput };

export function acceptAnswer(
  form: FormDefinition,
  pageId: string,
  body: RawBody,
  options: AcceptOptions = {},
): AcceptResult {
  const page = indexOf(form).pages.get(pageId);
  if (!page) throw new RangeError(`the form "${form.id}" has no page "${pageId}"`);
  const safeBody: RawBody = typeof body === "object" && body !== null ? body : {};
  const context = { today: options.today ?? todayInUk(), answers: options.answers ?? {}, form };
  const answers: Record<string, Answer | null> = {};
  const errors: FieldError[] = [];
  const raw: RawInput = {};
  for (const question of page.questions) {
    const result = acceptQuestion(question, safeBody, context);
    Object.assign(raw, result.raw);
    if (result.ok) answers[question.id] = result.value;
    else errors.push(...result.errors);
  }
  return errors.length > 0 ? { ok: false, errors, raw } : { ok: true, answers };
}
