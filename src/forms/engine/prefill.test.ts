// Prefill in the engine: the `prefill:` section as the loader reads and refuses it, what a
// link's values become (through the question types, never throwing), and how a suggestion
// shows on its page without counting as an answer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateCondition } from "./conditions.ts";
import { checkFormDefinition, parseFormDefinition } from "./loader.ts";
import { pageView } from "./page-view.ts";
import { computePath } from "./path.ts";
import { answersWithSuggestions, prefillRows, readPrefill } from "./prefill.ts";

const definition = (prefill: string) => `id: tiny
title: Tiny
version: 1
start: emergency
pages:
  - id: emergency
    questions:
      - { id: emergency, type: yes-no, label: Is anyone in danger? }
    next:
      - goto: what
  - id: what
    questions:
      - id: what
        type: radios
        label: What happened?
        options:
          - { value: bike, text: A bike was stolen }
          - { value: shop, text: Something was stolen from a shop }
        allow-dont-know: true
    next:
      - goto: kinds
  - id: kinds
    questions:
      - id: kinds
        type: checkboxes
        label: What kinds?
        options:
          - { value: noise, text: Noise }
          - { value: litter, text: Litter }
    next:
      - goto: count
  - id: count
    questions:
      - { id: count, type: whole-number, label: How many?, max: 10 }
      - { id: when, type: date, label: When? }
    next:
      - goto: check-answers
check-answers: { title: Check }
declaration: D
confirmation: { title: Done, what-happens-next: W }
routing: [{ queue: triage }]
${prefill}`;

const SECTION = `prefill:
  category:
    question: what
    values:
      bicycle-theft: bike
      shoplifting: shop
  kind:
    question: kinds
  count:
    question: count
    values: { few: "3" }
  area:
    context: area
`;

const form = parseFormDefinition(definition(SECTION), "tiny.yaml");

function problems(prefill: string): string[] {
  const { form, problems } = checkFormDefinition(definition(prefill), "tiny.yaml");
  assert.equal(form, undefined, "the definition is refused");
  return problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
}

describe("the prefill section", () => {
  it("is read into parameters, in the order written", () => {
    assert.deepEqual(
      form.prefill.map(({ position: _, ...p }) => p),
      [
        {
          name: "category",
          kind: "question",
          question: "what",
          values: { "bicycle-theft": "bike", shoplifting: "shop" },
        },
        { name: "kind", kind: "question", question: "kinds" },
        { name: "count", kind: "question", question: "count", values: { few: "3" } },
        { name: "area", kind: "area" },
      ],
    );
    assert.deepEqual(parseFormDefinition(definition(""), "tiny.yaml").prefill, []);
  });

  it("refuses a question that does not exist, at the question", () => {
    assert.deepEqual(problems("prefill:\n  category:\n    question: what-stolen\n"), [
      '44:15: prefill names no question: "what-stolen"',
    ]);
  });

  it("refuses a value that is not one of the question's options", () => {
    assert.deepEqual(
      problems(
        "prefill:\n  category:\n    question: what\n    values: { bicycle-theft: bicycle }\n",
      ),
      ['45:30: "bicycle" is not an option of "what"; its options are: bike, shop'],
    );
    // "I do not know" is an answer, not a suggestion.
    assert.match(
      problems("prefill:\n  category:\n    question: what\n    values: { x: dont-know }\n")[0],
      /cannot be prefilled/,
    );
  });

  it("refuses a value its question type refuses, with the type's own words", () => {
    assert.deepEqual(problems("prefill:\n  n:\n    question: count\n    values: { lots: 20 }\n"), [
      '45:21: "20" is not an answer "count" accepts: A number must be 10 or less',
    ]);
  });

  it("refuses a question whose answer is not written by the form, unless it has a values list", () => {
    assert.deepEqual(problems("prefill:\n  n:\n    question: count\n"), [
      "44:15: a whole-number question can only be prefilled through a values: list, so that a link cannot write its own words into the answers",
    ]);
  });

  it("refuses a question on the first page: the emergency question is never answered for you", () => {
    assert.deepEqual(problems("prefill:\n  safe:\n    question: emergency\n"), [
      '44:15: "emergency" is on the first page, which must be answered fresh: it cannot be prefilled',
    ]);
  });

  it("refuses a question with several fields", () => {
    assert.deepEqual(problems("prefill:\n  day:\n    question: when\n"), [
      "44:15: a date question cannot be prefilled: only questions with a single field can",
    ]);
  });

  it("refuses unknown keys, a context other than area, two areas and bad names", () => {
    assert.match(
      problems("prefill:\n  category:\n    question: what\n    value: { a: bike }\n").join(),
      /unknown key "value" in a prefill parameter; expected one of: question, values/,
    );
    assert.match(
      problems("prefill:\n  place:\n    context: postcode\n").join(),
      /context must be area, not string "postcode"/,
    );
    assert.match(
      problems("prefill:\n  area:\n    context: area\n  where:\n    context: area\n").join(),
      /only one parameter can be the area/,
    );
    assert.match(
      problems("prefill:\n  Category:\n    question: what\n").join(),
      /the parameter name "Category" must be lowercase/,
    );
    assert.match(problems("prefill: [what]\n").join(), /prefill must be a map of keys/);
  });
});

describe("reading a start link's prefill", () => {
  const today = "2026-12-04";

  it("maps a category to its option and keeps the area's code", () => {
    assert.deepEqual(
      readPrefill(form, { category: "bicycle-theft", area: "E05013655" }, { today }),
      {
        answers: { what: "bike" },
        area: "E05013655",
        parameters: { category: "bicycle-theft", area: "E05013655" },
      },
    );
  });

  it("passes an option with no map to the question type as it is; a number only through its map", () => {
    assert.deepEqual(readPrefill(form, { kind: "litter", count: "few" }, { today }).answers, {
      kinds: ["litter"],
      count: 3,
    });
    assert.deepEqual(readPrefill(form, { count: "3" }, { today }).answers, {});
  });

  it("never gives a link's own words to a question the form did not write the answers of", () => {
    // A definition built by hand, past the loader: the runtime refuses it too.
    const unchecked = {
      ...form,
      prefill: [{ name: "n", kind: "question" as const, question: "count" }],
    };
    assert.deepEqual(readPrefill(unchecked, { n: "3" }, { today }), {
      answers: {},
      parameters: {},
    });
  });

  it("leaves out, without throwing, anything the form does not map or the type refuses", () => {
    const bad: Array<Record<string, unknown>> = [
      { category: "burglary" },
      { category: "bike" },
      { category: "constructor" },
      { category: "__proto__" },
      { category: ["bicycle-theft", "shoplifting"], area: ["E05013655"] },
      { kind: "dont-know" },
      { count: "eleven" },
      { count: "11" },
      { area: "<script>" },
      { area: "E".repeat(200) },
      { what: "bike" },
      { category: { toString: "bicycle-theft" } },
      { category: "" },
    ];
    for (const params of bad) {
      const read = readPrefill(form, params, { today });
      const kept = Object.keys(read.answers).length + (read.area ? 1 : 0);
      // An array gives its first value; every other one here is refused.
      if (Array.isArray(params.category)) {
        assert.deepEqual(read.answers, { what: "bike" });
        assert.equal(read.area, "E05013655");
      } else assert.equal(kept, 0, JSON.stringify(params));
    }
    assert.deepEqual(readPrefill(form, null), { answers: {}, parameters: {} });
    assert.deepEqual(readPrefill(form, undefined), { answers: {}, parameters: {} });
  });

  it("lists what it fills in as check your answers reads it", () => {
    const read = readPrefill(form, { category: "shoplifting", kind: "noise" }, { today });
    assert.deepEqual(prefillRows(form, read), [
      { questionId: "what", key: "What happened?", lines: ["Something was stolen from a shop"] },
      { questionId: "kinds", key: "What kinds?", lines: ["Noise"] },
    ]);
  });
});

describe("a suggestion on its page", () => {
  const prefill = readPrefill(form, { category: "shoplifting" });

  it("is shown selected until the person answers, and then their answer wins", () => {
    const shown = (answers: Record<string, string>) =>
      JSON.stringify(
        pageView(form, "what", { answers: answersWithSuggestions(answers, prefill) }).questions,
      );
    assert.match(
      shown({ emergency: "no" }),
      /"value":"shop","text":"Something was stolen from a shop"[^}]*"checked":true/,
    );
    assert.doesNotMatch(
      shown({ emergency: "no", what: "bike" }),
      /"value":"shop"[^}]*"checked":true/,
    );
  });

  it("is not an answer: the path still stops at its page", () => {
    const answers = { emergency: "no" };
    assert.equal(computePath(form, answers).next, "what");
    assert.equal(computePath(form, answersWithSuggestions(answers, prefill)).next, "kinds");
    assert.deepEqual(answersWithSuggestions(answers, undefined), answers);
  });
});

describe("a fact condition that asks whether the fact is known", () => {
  const known = { kind: "fact", fact: "borough", operator: "known", value: true } as const;
  const unknown = { ...known, value: false } as const;

  it("holds when the site knows the fact, whatever its value", () => {
    assert.equal(evaluateCondition(known, {}, form, { facts: { borough: "E09000007" } }), true);
    assert.equal(evaluateCondition(known, {}, form, { facts: {} }), false);
    assert.equal(evaluateCondition(known, {}, form), false);
    assert.equal(evaluateCondition(unknown, {}, form, { facts: {} }), true);
  });

  it("is read from routing rules, and must be true or false", () => {
    const routed = definition("").replace(
      "routing: [{ queue: triage }]",
      "routing:\n  - { when: { fact: borough, known: true }, queue: local-neighbourhood-team }\n  - queue: triage",
    );
    assert.deepEqual(parseFormDefinition(routed, "tiny.yaml").routing[0].when, known);
    const bad = checkFormDefinition(routed.replace("known: true", "known: yes"), "tiny.yaml");
    assert.match(bad.problems.map((p) => p.message).join(), /known must be true or false/);
  });
});
