// Changing a date that another date is checked against sends the person back to that date.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isCompletePath, mergeAnswers, parseFormDefinition } from "./index.ts";

const form = parseFormDefinition(`id: dates
title: Dates
version: 1
start: happened
pages:
  - id: happened
    questions:
      - { id: happened, type: date, label: When did it happen?, short-description: the date it happened, must-be: past }
    next: [{ goto: reported }]
  - id: reported
    questions:
      - id: reported
        type: date
        label: When did you report it?
        short-description: the date you reported it
        after: { question: happened }
    next: [{ goto: check-answers }]
check-answers: { title: Check your answers }
declaration: True.
confirmation: { title: Sent, what-happens-next: We read it. }
routing: [{ queue: triage }]
`);

test("a changed bound drops the date checked against it, so its page is asked again", () => {
  const answered = { happened: "2026-01-01", reported: "2026-02-01" };
  assert.equal(isCompletePath(form, answered, { today: "2026-12-04" }), true);
  const changed = mergeAnswers(form, answered, { happened: "2026-03-01" });
  assert.deepEqual(changed, { happened: "2026-03-01" });
  assert.equal(isCompletePath(form, changed, { today: "2026-12-04" }), false);
});

test("re-answering with the same value keeps what depends on it", () => {
  const answered = { happened: "2026-01-01", reported: "2026-02-01" };
  assert.deepEqual(mergeAnswers(form, answered, { happened: "2026-01-01" }), answered);
});
