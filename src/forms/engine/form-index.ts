// Lookups by id over a definition, built once per definition and cached, since
// the path is recomputed on every request.

import { ukIsoDate } from "../../platform/uk-time.ts";
import type { ExitPage, FormDefinition, Page, Question } from "./types.ts";

export type FormIndex = {
  pages: ReadonlyMap<string, Page>;
  exits: ReadonlyMap<string, ExitPage>;
  questions: ReadonlyMap<string, { question: Question; page: Page }>;
};

const cache = new WeakMap<FormDefinition, FormIndex>();

export function indexOf(form: FormDefinition): FormIndex {
  let index = cache.get(form);
  if (!index) {
    const questions = new Map<string, { question: Question; page: Page }>();
    for (const page of form.pages) {
      for (const question of page.questions) questions.set(question.id, { question, page });
    }
    index = {
      pages: new Map(form.pages.map((p) => [p.id, p])),
      exits: new Map(form.exits.map((e) => [e.id, e])),
      questions,
    };
    cache.set(form, index);
  }
  return index;
}

/** Today in the UK as YYYY-MM-DD: the day the public think it is. */
export function todayInUk(now: Date = new Date()): string {
  return ukIsoDate(now);
}
