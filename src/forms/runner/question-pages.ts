// Question pages as everyone first sees them, kept whole as bytes. A question page that
// shows no answer and no error depends only on the form, the page, where its back link goes
// and whether the person is changing an answer: it is the same for everyone who walks that
// way, so it is rendered once and each view gets its own CSP nonce and CSRF token written in
// (src/platform/cached-page.ts). A page showing what someone typed or chose, or an error, is
// rendered for them every time and never kept: what a person answered stays in their
// session, not in a cache. Why: docs/adr/0016-question-page-cache.md.
//
// Check your answers is kept the same way but for its rows, the person's answers, which
// each view renders and writes into the kept page (docs/adr/0019-check-answers-page.md).
import type { CachedPage } from "../../platform/cached-page.ts";
import { type Answers, CHECK_ANSWERS, type FormDefinition } from "../engine/index.ts";

/** A page's key, or undefined when it shows something of the person's own. */
export function questionPageKey(
  form: FormDefinition,
  page: { id: string; questions: ReadonlyArray<{ id: string }> },
  shown: { answers: Answers; hasErrors: boolean; change: boolean; backLink: string },
): string | undefined {
  if (shown.hasErrors) return undefined;
  for (const question of page.questions) {
    if (shown.answers[question.id] !== undefined) return undefined;
  }
  // The version too: a form changed in place (development) must not show its old pages.
  return `${form.id}\n${form.version}\n${page.id}\n${shown.change ? 1 : 0}\n${shown.backLink}`;
}

/** Check your answers' key: all but its rows depends on the form and its back link. */
export function checkAnswersPageKey(form: FormDefinition, backLink: string): string {
  return `${form.id}\n${form.version}\n${CHECK_ANSWERS}\n${backLink}`;
}

/**
 * At most `limit` pages, the least recently viewed dropped first. Four forms of twenty to
 * forty pages, each with one or two back links and with or without "change", come to a few
 * hundred pages of about 8 KB.
 */
export class QuestionPageCache {
  readonly #pages = new Map<string, CachedPage>();
  readonly #limit: number;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  page(key: string, render: () => CachedPage): CachedPage {
    const kept = this.#pages.get(key);
    if (kept) {
      // A Map keeps insertion order: moved to the end, the least recent stays first.
      this.#pages.delete(key);
      this.#pages.set(key, kept);
      return kept;
    }
    const page = render();
    this.#pages.set(key, page);
    if (this.#pages.size > this.#limit) {
      const [oldestKey, oldest] = this.#pages.entries().next().value as [string, CachedPage];
      this.#pages.delete(oldestKey);
      oldest.dropped();
    }
    return page;
  }

  get size(): number {
    return this.#pages.size;
  }
}
