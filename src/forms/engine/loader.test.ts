import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FormDefinitionError } from "./form-definition-error.ts";
import { checkFormDefinition, loadFormDefinitions, parseFormDefinition } from "./loader.ts";

const valid = `id: tiny
title: Tiny
version: 1
start: first
conditions:
  said-yes: { question: first, equals: "yes" }
pages:
  - id: first
    questions:
      - id: first
        type: yes-no
        label: Yes?
    next:
      - when: { condition: said-yes }
        goto: leave
      - goto: second
  - id: second
    questions:
      - id: second
        type: short-text
        label: Name?
    next:
      - goto: check-answers
exits:
  - id: leave
    title: Leave
    body: Go.
check-answers: { title: Check }
declaration: D
confirmation: { title: Done, what-happens-next: W }
routing: [{ queue: triage }]
`;

/** Every problem as "line:column: message", for the definition with one piece replaced. */
function problems(from: string, to: string): string[] {
  assert.ok(valid.includes(from), `fixture has no ${from}`);
  const { form, problems } = checkFormDefinition(valid.replace(from, to), "tiny.yaml");
  assert.equal(form, undefined);
  return problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
}

function reports(from: string, to: string, expected: string | RegExp): void {
  const found = problems(from, to);
  const ok = found.some((p) => (typeof expected === "string" ? p === expected : expected.test(p)));
  assert.ok(ok, `expected ${expected} among:\n${found.join("\n")}`);
}

describe("loading a form definition", () => {
  it("loads a valid definition", () => {
    const form = parseFormDefinition(valid, "tiny.yaml");
    assert.equal(form.id, "tiny");
    assert.deepEqual(form.pages[1].questions[0].position, { line: 19, column: 9 });
    assert.equal(form.file, "tiny.yaml");
  });

  it("throws a FormDefinitionError naming file, line and column", () => {
    try {
      parseFormDefinition(valid.replace("goto: second", "goto: secnod"), "forms/tiny.yaml");
      assert.fail("expected an error");
    } catch (error) {
      assert.ok(error instanceof FormDefinitionError);
      assert.equal(error.file, "forms/tiny.yaml");
      assert.equal(error.line, 16);
      assert.equal(error.column, 15);
      assert.equal(error.message, 'forms/tiny.yaml:16:15: goto names no page or exit: "secnod"');
    }
  });

  it("reports YAML syntax errors where they are", () => {
    reports("title: Tiny", "title: [Tiny", /^3:1: Flow sequence/);
  });
  it("reports duplicate keys", () =>
    reports("version: 1", "version: 1\nversion: 2", /^4:1: .*unique/i));
  it("reports unknown keys at the key", () =>
    reports(
      "        label: Name?",
      "        label: Name?\n        lable: Nom?",
      /^22:9: unknown key "lable" in a question/,
    ));
  it("reports missing keys at the map", () =>
    reports("declaration: D\n", "", /^1:1: the form definition is missing "declaration"$/));
  it("reports wrong types", () =>
    reports(
      "version: 1",
      "version: one",
      '3:10: version must be a whole number, not string "one"',
    ));
  it("reports unknown question types", () =>
    reports(
      "type: short-text",
      "type: shorttext",
      /^20:15: unknown question type string "shorttext"/,
    ));
  it("reports settings a type does not own", () =>
    reports(
      "type: short-text",
      "type: short-text\n        options: []",
      /^21:9: unknown key "options"/,
    ));
  it("reports duplicate page ids", () =>
    reports(
      "  - id: second",
      "  - id: first",
      '17:9: the id "first" is used by another page or exit',
    ));
  it("reports duplicate question ids", () =>
    reports(
      "      - id: second",
      "      - id: first",
      '19:13: the question id "first" is used twice',
    ));
  it("reports a start that names nothing", () =>
    reports("start: first", "start: begin", '4:8: start names no page: "begin"'));
  it("reports unknown named conditions", () =>
    reports(
      "condition: said-yes",
      "condition: said-no",
      '14:28: there is no condition named "said-no" under conditions',
    ));
  it("reports conditions on unknown questions", () =>
    reports(
      'question: first, equals: "yes"',
      'question: frist, equals: "yes"',
      '6:25: the condition names no question: "frist"',
    ));
  it("reports a malformed condition", () =>
    reports(
      'question: first, equals: "yes"',
      'question: first, is: "yes"',
      /^6:13: a comparison needs "question" and exactly one of/,
    ));
  it("reports a branch list without a fallback", () =>
    reports(
      "      - goto: second",
      "      - goto: second\n        when: { answered: first }",
      /^16:9: the last branch must have no "when"/,
    ));
  it("reports loops", () =>
    reports(
      "      - goto: check-answers",
      "      - goto: first",
      '23:15: going to "first" makes a loop: a page cannot lead back to itself',
    ));
  it("reports the reserved id", () =>
    reports("  - id: leave", "  - id: check-answers", /^25:9: "check-answers" is reserved/));
  it("collects every problem, in file order", () => {
    const { problems } = checkFormDefinition(
      valid.replace("version: 1", "version: 0").replace("goto: second", "goto: nowhere"),
      "t.yaml",
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [3, 16],
    );
  });
  it("never throws from checkFormDefinition on nonsense", () => {
    for (const text of ["", "- a\n- b", "42", "id: [", "pages: 3", "\t\tbad: : :"]) {
      assert.ok(checkFormDefinition(text, "x.yaml").problems.length > 0, JSON.stringify(text));
    }
  });
});

describe("loading a folder of definitions", () => {
  it("keys forms by id and insists the file is named after it", () => {
    const dir = mkdtempSync(join(tmpdir(), "forms-"));
    writeFileSync(join(dir, "tiny.yaml"), valid);
    assert.deepEqual([...loadFormDefinitions(dir).keys()], ["tiny"]);
    writeFileSync(join(dir, "other.yaml"), valid);
    assert.throws(
      () => loadFormDefinitions(dir),
      /tiny\.yaml:1:1: the form id "tiny" is already used by .*other\.yaml/,
    );
  });
});
