import assert from "node:assert/strict";
import { test } from "node:test";
import { diffByLine, diffHtml, diffStats, listChanges } from "./diff.ts";

test("changes are found word by word and cut into lines", () => {
  const lines = diffByLine(
    "Lock the shed.\nKeep tools inside.",
    "Lock the garage.\nKeep tools inside.",
  );
  assert.equal(lines.length, 2);
  assert.deepEqual(
    lines[0].filter((s) => s.kind !== "same").map((s) => [s.kind, s.text]),
    [
      ["removed", "shed"],
      ["added", "garage"],
    ],
  );
  assert.ok(lines[1].every((s) => s.kind === "same"));
});

test("the HTML announces each change in words and escapes what was typed", () => {
  const html = diffHtml("Say <b>hi</b>", "Say <i>hello</i>");
  assert.match(
    html,
    /<del class="bl-diff__removed"><span class="govuk-visually-hidden">\[removed: <\/span>/,
  );
  assert.match(
    html,
    /<ins class="bl-diff__added"><span class="govuk-visually-hidden">\[added: <\/span>/,
  );
  assert.doesNotMatch(html, /<b>|<i>/);
  assert.match(html, /&lt;i&gt;hello&lt;\/i&gt;|&lt;i&gt;|hello/);
});

test("long unchanged stretches are cut short around the changes", () => {
  const before = Array.from({ length: 30 }, (_, i) => `Line ${i}.`).join("\n");
  const after = before.replace("Line 15.", "Line fifteen.");
  const html = diffHtml(before, after);
  assert.match(html, /\(13 unchanged lines\)/);
  assert.match(html, /\(12 unchanged lines\)/);
  assert.match(html, /Line 13\./);
  assert.doesNotMatch(html, /Line 2\./);
});

test("word counts and list changes", () => {
  assert.deepEqual(diffStats("one two three", "one four three five"), { added: 2, removed: 1 });
  assert.deepEqual(listChanges(["a", "b"], ["b", "c"]), { added: ["c"], removed: ["a"] });
});
