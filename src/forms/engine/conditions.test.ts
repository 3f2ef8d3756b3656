import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DONT_KNOW } from "../questions/index.ts";
import { evaluateCondition } from "./conditions.ts";
import { parseFormDefinition } from "./loader.ts";
import type { Answers, Condition } from "./types.ts";

const form = parseFormDefinition(`
id: conditions
title: Conditions
version: 1
start: p
conditions:
  is-bike: { question: kind, equals: bike }
  not-bike: { not: { condition: is-bike } }
pages:
  - id: p
    questions:
      - { id: kind, type: radios, label: Kind?, options: [{ value: bike, text: Bike }, { value: car, text: Car }] }
      - { id: things, type: checkboxes, label: Things?, options: [{ value: phone, text: Phone }, { value: bag, text: Bag }] }
      - { id: when, type: date, label: When? }
      - { id: count, type: whole-number, label: How many? }
      - { id: worth, type: money, label: Worth? }
      - { id: notes, type: long-text, label: Notes?, optional: true }
      - { id: danger, type: yes-no, label: Danger? }
    next: [{ goto: check-answers }]
check-answers: { title: Check }
declaration: D
confirmation: { title: Done, what-happens-next: W }
routing: [{ queue: triage }]
`);

const answers: Answers = {
  kind: "bike",
  things: ["phone", "bag"],
  when: "2025-03-01",
  count: 3,
  worth: 250000,
  notes: "The BIKE was red",
  danger: "no",
};

const holds = (condition: Condition, a: Answers = answers) =>
  evaluateCondition(condition, a, form, { today: "2025-06-15" });
const compare = (question: string, operator: string, value: unknown) =>
  ({ kind: "compare", question, operator, value }) as Condition;

describe("comparisons", () => {
  it("equals and not-equals", () => {
    assert.equal(holds(compare("kind", "equals", "bike")), true);
    assert.equal(holds(compare("kind", "equals", "car")), false);
    assert.equal(holds(compare("kind", "not-equals", "car")), true);
    assert.equal(holds(compare("count", "equals", 3)), true);
    assert.equal(holds(compare("danger", "equals", false)), true);
  });
  it("equals on checkboxes means exactly that one ticked", () => {
    assert.equal(holds(compare("things", "equals", "phone")), false);
    assert.equal(holds(compare("things", "equals", "phone"), { things: ["phone"] }), true);
  });
  it("one-of, on one answer and on several", () => {
    assert.equal(holds(compare("kind", "one-of", ["car", "bike"])), true);
    assert.equal(holds(compare("kind", "one-of", ["car"])), false);
    assert.equal(holds(compare("things", "one-of", ["bag", "keys"])), true);
    assert.equal(holds(compare("things", "one-of", ["keys"])), false);
  });
  it("contains: a ticked box, or text in any case", () => {
    assert.equal(holds(compare("things", "contains", "bag")), true);
    assert.equal(holds(compare("things", "contains", "keys")), false);
    assert.equal(holds(compare("notes", "contains", "bike")), true);
  });
  it("before and after, with today injected", () => {
    assert.equal(holds(compare("when", "before", "today")), true);
    assert.equal(holds(compare("when", "after", "today")), false);
    assert.equal(holds(compare("when", "after", "2025-02-28")), true);
    assert.equal(holds(compare("when", "before", "2025-03-01")), false);
  });
  it("less-than and greater-than; money is written in pounds", () => {
    assert.equal(holds(compare("count", "less-than", 4)), true);
    assert.equal(holds(compare("count", "greater-than", 3)), false);
    assert.equal(holds(compare("worth", "greater-than", 2000)), true);
    assert.equal(holds(compare("worth", "less-than", 2500)), false);
    assert.equal(holds(compare("worth", "equals", 2500)), true);
  });
  it("is false on no answer, a blank answer or I do not know, whatever the operator", () => {
    for (const a of [{}, { kind: null }, { kind: DONT_KNOW }] as Answers[]) {
      assert.equal(holds(compare("kind", "equals", "bike"), a), false);
      assert.equal(holds(compare("kind", "not-equals", "bike"), a), false);
    }
    assert.equal(holds(compare("kind", "equals", "dont-know"), { kind: DONT_KNOW }), true);
  });
});

describe("answered and not-answered", () => {
  it("count a blank optional answer as not answered", () => {
    assert.equal(holds({ kind: "answered", question: "notes" }), true);
    assert.equal(holds({ kind: "answered", question: "notes" }, { notes: null }), false);
    assert.equal(holds({ kind: "not-answered", question: "notes" }, {}), true);
  });
});

describe("all, any, not and named conditions", () => {
  const yes = compare("kind", "equals", "bike");
  const no = compare("kind", "equals", "car");
  it("combine", () => {
    assert.equal(holds({ kind: "all", conditions: [yes, yes] }), true);
    assert.equal(holds({ kind: "all", conditions: [yes, no] }), false);
    assert.equal(holds({ kind: "any", conditions: [no, yes] }), true);
    assert.equal(holds({ kind: "any", conditions: [no, no] }), false);
    assert.equal(holds({ kind: "not", condition: no }), true);
  });
  it("reuse named conditions, even through each other", () => {
    assert.equal(holds({ kind: "named", name: "is-bike" }), true);
    assert.equal(holds({ kind: "named", name: "not-bike" }), false);
    assert.throws(() => holds({ kind: "named", name: "missing" }));
  });
});
