import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acceptAnswer } from "./accept.ts";
import { parseFormDefinition } from "./loader.ts";
import { pageView } from "./page-view.ts";
import {
  answersOnPath,
  canVisit,
  computePath,
  isCompletePath,
  nextPageAfter,
  previousPage,
} from "./path.ts";
import { summaryRows } from "./summary.ts";
import type { FormDefinition } from "./types.ts";

const form = parseFormDefinition(`
id: bikes
title: Bikes
version: 1
start: emergency
pages:
  - id: emergency
    questions: [{ id: emergency, type: yes-no, label: In danger? }]
    next:
      - { when: { question: emergency, equals: "yes" }, goto: call-999 }
      - goto: what
  - id: what
    questions:
      - id: what
        type: radios
        label: What was stolen?
        options: [{ value: bike, text: A bike }, { value: phone, text: A phone }]
    next:
      - { when: { question: what, equals: bike }, goto: frame }
      - goto: imei
  - id: frame
    questions: [{ id: frame, type: short-text, label: Frame number?, optional: true }]
    next: [{ goto: when }]
  - id: imei
    questions: [{ id: imei, type: short-text, label: IMEI? }]
    next: [{ goto: when }]
  - id: when
    title: When and where
    questions:
      - { id: when, type: date, label: When?, must-be: today-or-past }
      - { id: where, type: uk-postcode, label: Postcode? }
    next: [{ goto: check-answers }]
exits:
  - { id: call-999, title: Call 999 now, body: Call 999. }
check-answers: { title: Check }
declaration: D
confirmation: { title: Done, what-happens-next: W }
routing: [{ queue: triage }]
`);

const bikeJourney = {
  emergency: "no",
  what: "bike",
  frame: null,
  when: "2025-01-01",
  where: "E1 6AN",
};

describe("computePath", () => {
  it("stops at the first unanswered page", () => {
    assert.deepEqual(computePath(form, {}), {
      pages: ["emergency"],
      firstUnanswered: "emergency",
      end: null,
      next: "emergency",
    });
    assert.deepEqual(computePath(form, { emergency: "no", what: "phone" }).pages, [
      "emergency",
      "what",
      "imei",
    ]);
  });
  it("ends at an exit", () => {
    assert.deepEqual(computePath(form, { emergency: "yes", what: "bike" }), {
      pages: ["emergency"],
      firstUnanswered: null,
      end: "call-999",
      next: "call-999",
    });
  });
  it("ends at check your answers when every page is answered, a blank optional counting", () => {
    const path = computePath(form, bikeJourney);
    assert.deepEqual(path.pages, ["emergency", "what", "frame", "when"]);
    assert.equal(path.end, "check-answers");
    assert.equal(isCompletePath(form, bikeJourney), true);
  });
  it("does not count a blank required answer", () => {
    assert.equal(computePath(form, { ...bikeJourney, where: null }).firstUnanswered, "when");
  });
  it("refuses to go round a loop in a hand-built definition", () => {
    const looping: FormDefinition = {
      ...form,
      pages: form.pages.map((p) => (p.id === "frame" ? { ...p, next: [{ goto: "what" }] } : p)),
    };
    assert.throws(() => computePath(looping, bikeJourney), /loops back/);
  });
});

describe("branch switching", () => {
  const switched = { ...bikeJourney, what: "phone" };
  it("walks the new branch and leaves the old one behind", () => {
    assert.equal(computePath(form, switched).firstUnanswered, "imei");
    assert.equal(canVisit(form, switched, "frame"), false);
    assert.equal(canVisit(form, switched, "check-answers"), false);
    assert.equal(isCompletePath(form, switched), false);
  });
  it("drops the abandoned branch's answers", () => {
    const done = { ...switched, imei: "356938035643809" };
    assert.equal(isCompletePath(form, done), true);
    assert.deepEqual(answersOnPath(form, done), {
      emergency: "no",
      what: "phone",
      imei: "356938035643809",
      when: "2025-01-01",
      where: "E1 6AN",
    });
    assert.deepEqual(
      summaryRows(form, done).map((r) => [r.pageId, r.key, r.text]),
      [
        ["emergency", "In danger?", "No"],
        ["what", "What was stolen?", "A phone"],
        ["imei", "IMEI?", "356938035643809"],
        ["when", "When?", "1 January 2025"],
        ["when", "Postcode?", "E1 6AN"],
      ],
    );
  });
});

describe("moving between pages", () => {
  it("knows where a page leads and the way back", () => {
    assert.equal(nextPageAfter(form, bikeJourney, "what"), "frame");
    assert.equal(nextPageAfter(form, bikeJourney, "when"), "check-answers");
    assert.equal(nextPageAfter(form, bikeJourney, "nowhere"), undefined);
    assert.equal(previousPage(form, bikeJourney, "emergency"), null);
    assert.equal(previousPage(form, bikeJourney, "frame"), "what");
    assert.equal(previousPage(form, bikeJourney, "check-answers"), "when");
    assert.equal(previousPage(form, { emergency: "yes" }, "call-999"), "emergency");
  });
  it("lets a person visit only what is on the path", () => {
    assert.equal(canVisit(form, {}, "emergency"), true);
    assert.equal(canVisit(form, {}, "what"), false);
    assert.equal(canVisit(form, { emergency: "yes" }, "call-999"), true);
    assert.equal(canVisit(form, bikeJourney, "check-answers"), true);
  });
});

describe("acceptAnswer and pageView", () => {
  it("accepts every question on the page together", () => {
    const result = acceptAnswer(
      form,
      "when",
      { "when-day": "1", "when-month": "1", "when-year": "2025", where: "e16an" },
      { today: "2025-06-15" },
    );
    assert.deepEqual(result, { ok: true, answers: { when: "2025-01-01", where: "E1 6AN" } });
  });
  it("gives every error on the page with links, and keeps what was typed", () => {
    const result = acceptAnswer(
      form,
      "when",
      { "when-day": "1", "when-year": "2025" },
      { today: "2025-06-15" },
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => e.href),
      ["#when-month", "#where"],
    );
    const view = pageView(form, "when", { raw: result.raw, errors: result.errors });
    assert.equal(view.title, "When and where");
    assert.equal(view.headingInQuestion, false);
    assert.deepEqual(
      view.errorSummary?.errorList.map((e) => e.href),
      ["#when-month", "#where"],
    );
    const dateInput = view.questions[0].components[0];
    assert.equal((dateInput.params.items as Array<{ value: string }>)[0].value, "1");
  });
  it("shows a stored answer, with the label as the heading of a one-question page", () => {
    const view = pageView(form, "what", { answers: { what: "phone" } });
    assert.equal(view.headingInQuestion, true);
    assert.equal(view.errorSummary, undefined);
    const items = view.questions[0].components[0].params.items as Array<{ checked: boolean }>;
    assert.deepEqual(
      items.map((i) => i.checked),
      [false, true],
    );
  });
  it("refuses an unknown page", () => {
    assert.throws(() => acceptAnswer(form, "nope", {}), RangeError);
  });
});
