// Check your answers' rows, as markup. A row is the same for everyone who answered that
// question but for the answer itself: the question's label, the Change link and its hidden
// text come from the form. So outside development each answer row is rendered once, with a
// stand-in for the answer, and kept as the markup before and after it; a view writes only
// the person's answer, escaped as the template would, between the two. Rendering sixteen rows
// through the template on every view was about an eighth of check your answers' CPU and a
// sixth of what it allocated, and that garbage is what sets the slowest responses under load.
// What a person answered is never kept: only the form's own text is.
// See docs/adr/0019-check-answers-page.md.
import { randomBytes } from "node:crypto";
import nunjucks from "nunjucks";

/** One answer row as the template takes it. */
export type AnswerRow = {
  questionId: string;
  key: { text: string };
  value: { lines: string[] };
  change: { href: string; hiddenText: string };
};

/** Context a start link gave (the area), shown with a Remove button; see the template. */
export type ContextRow = {
  key: { text: string };
  value: { lines: string[] };
  remove: string;
};

/** Renders views/forms/check-answers-rows.njk for the request (its CSRF token, for one). */
export type RenderRows = (context: { rows: AnswerRow[]; contextRows: ContextRow[] }) => string;

type Form = { id: string; version: number };

/** Random per process, so no label or hint can contain it; one line of hex, as escaped. */
const ANSWER_STAND_IN = randomBytes(16).toString("hex");

/** Kept rows at most: four forms have about two hundred questions. */
const MOST_ROWS = 2000;

export class AnswerRows {
  readonly #keep: boolean;
  /** The markup before and after the answer, by form, version and question. */
  readonly #kept = new Map<string, { before: string; after: string }>();

  /** `keep: false` (development) renders every row every time, so template edits show at once. */
  constructor(options: { keep: boolean }) {
    this.#keep = options.keep;
  }

  /** The rows' markup: the answer rows, then the context rows, as the template gives them. */
  markup(form: Form, rows: AnswerRow[], contextRows: ContextRow[], render: RenderRows): string {
    if (!this.#keep) return render({ rows, contextRows });
    let html = "";
    for (const row of rows) {
      const { before, after } = this.#parts(form, row, render);
      html += before + answerMarkup(row.value.lines) + after;
    }
    // Rare (a report started from an area page), and it carries a CSRF token: rendered.
    if (contextRows.length > 0) html += render({ rows: [], contextRows });
    return html;
  }

  get size(): number {
    return this.#kept.size;
  }

  #parts(form: Form, row: AnswerRow, render: RenderRows) {
    // The label, link and hidden text are the form's: the same for one question of one version.
    const key = `${form.id}\n${form.version}\n${row.questionId}\n${row.change.href}`;
    let parts = this.#kept.get(key);
    if (!parts) {
      // Rendered with the request's globals, which an answer row does not use (the template
      // says so): the markup kept is the form's alone.
      const html = render({
        rows: [{ ...row, value: { lines: [ANSWER_STAND_IN] } }],
        contextRows: [],
      });
      const at = html.indexOf(ANSWER_STAND_IN);
      if (at < 0 || html.indexOf(ANSWER_STAND_IN, at + 1) >= 0) {
        throw new Error("an answer row must show its answer once (forms/check-answers-rows.njk)");
      }
      parts = { before: html.slice(0, at), after: html.slice(at + ANSWER_STAND_IN.length) };
      if (this.#kept.size < MOST_ROWS) this.#kept.set(key, parts);
    }
    return parts;
  }
}

/** The escaping Nunjucks' autoescape applies (lib.escape, missing from its types). */
const escapeHtml = (nunjucks.lib as unknown as { escape(text: string): string }).escape;

/** The answer's lines as the template writes them: each escaped, with a <br> between. */
function answerMarkup(lines: readonly string[]): string {
  let html = "";
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) html += "<br>";
    html += escapeHtml(String(lines[i]));
  }
  return html;
}
