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

/**
 * The answers after a page is answered. A date whose bound names another question ("the
 * date you reported it must be after the date it happened") was only checked against the
 * old answer, so when that answer changes the date is dropped and its page asked again.
 */
export function mergeAnswers(
  form: FormDefinition,
  stored: Answers,
  accepted: Readonly<Record<string, Answer | null>>,
): Answers {
  const merged: Record<string, Answer | null> = { ...stored, ...accepted };
  const changed = new Set(
    Object.keys(accepted).filter(
      (id) => JSON.stringify(stored[id]) !== JSON.stringify(accepted[id]),
    ),
  );
  let dropped = true;
  while (dropped) {
    dropped = false;
    for (const { question } of indexOf(form).questions.values()) {
      if (!Object.hasOwn(merged, question.id) || Object.hasOwn(accepted, question.id)) continue;
      const bounds = [question.after, question.before];
      if (bounds.some((b) => b && "question" in b && changed.has(b.question))) {
        delete merged[question.id];
        changed.add(question.id);
        dropped = true;
      }
    }
  }
  return merged;
}
