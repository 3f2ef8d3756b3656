// Check your answers' rows: kept per question but for the answer, which each view escapes and
// writes in. Rendered here with the real template (the byte-for-byte comparison with the
// development render of every form is in test/http/question-page-cache.test.ts).
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import nunjucks from "nunjucks";
import { type AnswerRow, AnswerRows, type ContextRow, type RenderRows } from "./answer-rows.ts";

const views = path.resolve(import.meta.dirname, "../../../views");
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(views), { autoescape: true });

/** The template, counting its renders. */
function renderer() {
  const calls: Array<Parameters<RenderRows>[0]> = [];
  const render: RenderRows = (context) => {
    calls.push(context);
    return env.render("forms/check-answers-rows.njk", {
      serviceUrl: "/services/report-a-theft",
      csrfToken: () => "token",
      ...context,
    });
  };
  return { render, calls };
}

const form = { id: "report-a-theft", version: 3 };
const row = (questionId: string, lines: string[]): AnswerRow => ({
  questionId,
  key: { text: `Label of ${questionId}` },
  value: { lines },
  change: { href: `/services/report-a-theft/${questionId}?change=1`, hiddenText: questionId },
});
const area: ContextRow = { key: { text: "Area" }, value: { lines: ["Camden"] }, remove: "area" };

describe("check your answers' rows", () => {
  test("are the template's rows, each person's answers escaped, the form's text kept", () => {
    const rows = [row("what", ["A bike", '<b>red</b> & "old"']), row("when", ["Today"])];
    const kept = new AnswerRows({ keep: true });
    const { render, calls } = renderer();
    const html = kept.markup(form, rows, [area], render);
    assert.equal(html, renderer().render({ rows, contextRows: [area] }));
    assert.match(html, /A bike<br>&lt;b&gt;red&lt;\/b&gt; &amp; &quot;old&quot;/);
    assert.equal(kept.size, 2);

    // Another person, the same questions: no answer row is rendered again, and nothing of
    // the first person's shows.
    calls.length = 0;
    const theirs = [row("what", ["A phone"]), row("when", ["Yesterday"])];
    const again = kept.markup(form, theirs, [], render);
    assert.equal(again, renderer().render({ rows: theirs, contextRows: [] }));
    assert.deepEqual(calls, [], "the answer rows come from what was kept");
    assert.doesNotMatch(again, /bike|Today|Camden/);
  });

  test("are kept per form version and question", () => {
    const kept = new AnswerRows({ keep: true });
    const { render } = renderer();
    kept.markup(form, [row("what", ["A bike"])], [], render);
    kept.markup({ ...form, version: 4 }, [row("what", ["A bike"])], [], render);
    kept.markup(form, [row("when", ["Today"])], [], render);
    assert.equal(kept.size, 3);
  });

  test("in development are rendered whole every time and nothing is kept", () => {
    const kept = new AnswerRows({ keep: false });
    const { render, calls } = renderer();
    const rows = [row("what", ["A bike"])];
    assert.equal(kept.markup(form, rows, [], render), renderer().render({ rows, contextRows: [] }));
    kept.markup(form, rows, [], render);
    assert.equal(calls.length, 2);
    assert.equal(kept.size, 0);
  });

  test("refuse a template that shows the answer more than once", () => {
    const kept = new AnswerRows({ keep: true });
    const twice: RenderRows = ({ rows }) =>
      rows.map((r) => `<dd>${r.value.lines[0]}</dd><dd>${r.value.lines[0]}</dd>`).join("");
    assert.throws(() => kept.markup(form, [row("what", ["x"])], [], twice), /answer once/);
  });
});
