import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseFormDefinition } from "../engine/index.ts";
import { formatDiagnostic } from "./diagnostic.ts";
import { analyseForm, checkForms, reportForm } from "./index.ts";
import { errors, FILE, form, indent, warnings } from "./test-helpers.ts";
import { YamlLocator } from "./yaml-locator.ts";

const root = join(import.meta.dirname, "../../..");
const shippedForms = readdirSync(join(root, "forms"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join(root, "forms", f));

// A yes/no page `a` that goes to b or c, both then to d: d is on every path, b and c are not.
const diamond = (dBranches: string, extra = "") =>
  form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it a? }
        next:
          - when: { question: a, equals: "yes" }
            goto: b
          - goto: c
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it b? }
        next:
          - goto: d
      - id: c
        questions:
          - { id: c, type: short-text, label: What is c? }
        next:
          - goto: d
      - id: d
        questions:
          - { id: d, type: yes-no, label: Is it d? }
        next:
${indent(dBranches, 10)}
${indent(extra, 4)}
  `);

test("a valid form has no diagnostics", () => {
  assert.deepEqual(errors(diamond("  - goto: check-answers")), []);
  assert.deepEqual(warnings(diamond("  - goto: check-answers")), []);
});

test("schema errors come from the loader, at the offending key", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - id: a
            type: yes-no
            lable: Is it?
        next:
          - goto: check-answers
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:8:9: error: a question is missing "label"',
    'test-form.yaml:10:9: error: unknown key "lable" in a question; expected one of: id, type, label, hint, optional, short-description, summary-label, errors, allow-dont-know, dont-know-text, inline',
  ]);
});

test("a YAML syntax error is an error at its line", () => {
  assert.deepEqual(errors("id: [unclosed\n"), [
    "test-form.yaml:2:1: error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]);
});

test("duplicate page and question ids", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - goto: a
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - goto: check-answers
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:11:9: error: the id "a" is used by another page or exit',
    'test-form.yaml:13:15: error: the question id "a" is used twice',
  ]);
});

test("a branch to a page that does not exist", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - goto: nowhere
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:10:15: error: goto names no page or exit: "nowhere"',
  ]);
});

test("a branch list without a final fallback", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - when: { question: a, equals: "yes" }
            goto: check-answers
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:10:9: error: the last branch must have no "when": it is the fallback when no other branch applies',
  ]);
});

test("a cycle", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - when: { question: a, equals: "yes" }
            goto: b
          - goto: check-answers
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it? }
        next:
          - goto: a
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:17:15: error: going to "a" makes a loop: a page cannot lead back to itself',
  ]);
});

test("pages and exits that no path reaches", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - goto: check-answers
      - id: lost
        questions:
          - { id: lost, type: yes-no, label: Is it? }
        next:
          - goto: check-answers
    exits:
      - id: forgotten
        title: Call 999 now
        body: Call 999.
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:11:9: error: no path reaches the page "lost"',
    'test-form.yaml:17:9: error: no path reaches the exit "forgotten"',
  ]);
});

test("a form where no path reaches check your answers", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - goto: call-999
    exits:
      - id: call-999
        title: Call 999 now
        body: Call 999.
  `);
  assert.deepEqual(errors(text), [
    "test-form.yaml:4:8: error: no path reaches check your answers: every journey ends at an exit, so nothing can be sent",
  ]);
});

test("a page from which no path reaches check your answers or an exit", () => {
  // The loader makes this impossible in YAML (every page has a fallback to a step that
  // exists), so the graph check is tested on a definition changed after loading.
  const text = diamond("  - goto: check-answers");
  const loaded = parseFormDefinition(text, FILE);
  const broken = {
    ...loaded,
    pages: loaded.pages.map((p) => (p.id === "d" ? { ...p, next: [] } : p)),
  };
  const report = analyseForm(broken, new YamlLocator(text), FILE);
  assert.deepEqual(report.diagnostics.filter((d) => d.rule === "dead-end").map(formatDiagnostic), [
    'test-form.yaml:6:9: error: no path from the page "a" reaches check your answers or an exit',
    'test-form.yaml:13:9: error: no path from the page "b" reaches check your answers or an exit',
    'test-form.yaml:18:9: error: no path from the page "c" reaches check your answers or an exit',
    'test-form.yaml:23:9: error: no path from the page "d" reaches check your answers or an exit',
  ]);
});

test("a condition on a question that is not asked on every path to the page", () => {
  const text = diamond(`
      - when: { question: b, equals: "yes" }
        goto: check-answers
      - when: { question: a, equals: "yes" }
        goto: check-answers
      - goto: check-answers`);
  assert.deepEqual(errors(text), [
    'test-form.yaml:27:27: error: "b" is not asked on every path to the page "d", so its answer may be missing or left over from a branch not taken (for example: a → c → d)',
  ]);
});

test("the same, through a named condition, is reported where the condition is used", () => {
  const text = diamond(
    `
      - when: { condition: b-yes }
        goto: check-answers
      - goto: check-answers`,
    `
    conditions:
      b-yes: { answered: b }`,
  );
  assert.deepEqual(errors(text), [
    'test-form.yaml:27:28: error: the condition "b-yes" uses "b", which is not asked on every path to the page "d", so its answer may be missing or left over from a branch not taken (for example: a → c → d)',
  ]);
});

test("a condition on a question asked later", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - when: { not-answered: b }
            goto: check-answers
          - goto: b
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it? }
        next:
          - goto: check-answers
  `);
  assert.deepEqual(errors(text), [
    'test-form.yaml:10:31: error: "b" is asked on the page "b", after "a": it has no answer yet',
  ]);
});

test("optional questions on every path may be used", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: short-text, label: What is it? (optional), optional: true }
        next:
          - when: { answered: a }
            goto: check-answers
          - goto: check-answers
  `);
  assert.deepEqual(errors(text), []);
});

// One page of each question type to compare with, then `when` on the last page.
const typed = (when: string) =>
  form(`
    pages:
      - id: a
        questions:
          - { id: yes-no, type: yes-no, label: Is it? }
          - { id: text, type: short-text, label: What is it? }
          - { id: number, type: whole-number, label: How many? }
          - { id: date, type: date, label: When? }
          - { id: ticks, type: checkboxes, label: Which?, options: [{ value: x, text: X }, { value: y, text: Y }] }
          - { id: pick, type: radios, label: Which one?, options: [{ value: x, text: X }, { value: y, text: Y }] }
          - { id: address, type: uk-address, label: Where? }
        next:
          - when: ${when}
            goto: check-answers
          - goto: check-answers
  `);

test("conditions that compare incompatible types or name options that do not exist", () => {
  const cases: Array<[string, string]> = [
    [
      '{ question: yes-no, before: "2024-01-01" }',
      '16:43: error: "before" compares dates, but "yes-no" is a yes-no question',
    ],
    [
      "{ question: text, greater-than: 3 }",
      '16:47: error: "greater-than" compares numbers, but "text" is a short-text question',
    ],
    [
      '{ question: yes-no, contains: "yes" }',
      '16:45: error: "contains" is for checkboxes and text, but "yes-no" is a yes-no question: use "equals" or "one-of"',
    ],
    [
      '{ question: yes-no, equals: "maybe" }',
      '16:43: error: "yes-no" is a yes-no question: compare it with "yes" or "no", not "maybe"',
    ],
    [
      "{ question: pick, equals: z }",
      '16:41: error: "pick" has no option "z"; its options are: x, y',
    ],
    [
      "{ question: pick, one-of: [x, z] }",
      '16:45: error: "pick" has no option "z"; its options are: x, y',
    ],
    [
      "{ question: ticks, contains: z }",
      '16:44: error: "ticks" has no option "z"; its options are: x, y',
    ],
    [
      "{ question: pick, equals: dont-know }",
      '16:41: error: "pick" has no "I do not know" answer: add allow-dont-know: true, or compare with another value',
    ],
    [
      "{ question: number, equals: many }",
      '16:43: error: "number" is a whole-number question: compare it with a number, not "many"',
    ],
    [
      "{ question: date, equals: soon }",
      '16:41: error: "date" is a date question: compare it with a date like 2024-01-31, not "soon"',
    ],
    [
      "{ question: address, equals: home }",
      '16:44: error: "address" is a uk-address question: its answer has several parts and cannot be compared; use "answered" or "not-answered"',
    ],
    [
      "{ not: { question: text, equals: true } }",
      '16:48: error: "text" is a short-text question: compare it with some text, not true',
    ],
  ];
  for (const [when, expected] of cases) {
    assert.deepEqual(errors(typed(when)), [`test-form.yaml:${expected}`], when);
  }
});

test("comparisons that suit their question pass", () => {
  for (const when of [
    '{ question: yes-no, equals: "no" }',
    "{ question: yes-no, equals: true }",
    "{ question: text, contains: bike }",
    "{ question: number, greater-than: 3 }",
    "{ question: date, before: today }",
    "{ question: ticks, contains: x }",
    "{ question: pick, one-of: [x, y] }",
    "{ answered: address }",
  ]) {
    assert.deepEqual(errors(typed(when)), [], when);
  }
});

// A radios page with the branches given, then more pages, then anything else (conditions).
const radios = (branches: string, pages = "", extra = "") =>
  form(`
    pages:
      - id: a
        questions:
          - id: a
            type: radios
            label: Which one?
            options: [{ value: x, text: X }, { value: y, text: Y }, { value: z, text: Z }]
        next:
${indent(branches, 10)}
          - goto: check-answers
${indent(pages, 6)}
${indent(extra, 4)}
  `);

test("a branch never taken because an earlier identical condition is", () => {
  const text = radios(
    `
      - when: { question: a, equals: x }
        goto: check-answers
      - when: { question: a, equals: x }
        goto: b
      - when: { question: a, equals: y }
        goto: b`,
    `
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it? }
        next:
          - goto: check-answers`,
  );
  assert.deepEqual(errors(text), [
    "test-form.yaml:15:15: error: this branch can never be taken: whenever its condition holds, the branch on line 13 (goto check-answers) is taken first",
  ]);
});

test("a branch never taken because an earlier one-of covers it", () => {
  const text = radios(`
      - when: { question: a, one-of: [x, y] }
        goto: check-answers
      - when: { question: a, equals: y }
        goto: check-answers`);
  assert.deepEqual(errors(text), [
    "test-form.yaml:15:15: error: this branch can never be taken: whenever its condition holds, the branch on line 13 (goto check-answers) is taken first",
  ]);
});

test("a branch never taken because the earlier ones between them cover it", () => {
  const text = radios(`
      - when: { question: a, equals: x }
        goto: check-answers
      - when: { question: a, not-equals: x }
        goto: check-answers
      - when: { question: a, equals: y }
        goto: check-answers`);
  assert.deepEqual(errors(text), [
    "test-form.yaml:17:15: error: this branch can never be taken: whenever its condition holds, the branch on line 15 (goto check-answers) is taken first",
  ]);
  const union = radios(`
      - when: { question: a, equals: x }
        goto: check-answers
      - when: { question: a, equals: y }
        goto: check-answers
      - when: { question: a, one-of: [x, y] }
        goto: check-answers`);
  assert.deepEqual(errors(union), [
    "test-form.yaml:17:15: error: this branch can never be taken: whenever its condition holds, one of the branches above it is taken first",
  ]);
  const named = radios(
    `
      - when: { any: [{ question: a, equals: x }, { condition: is-y }] }
        goto: check-answers
      - when: { all: [{ answered: a }, { not: { question: a, equals: z } }] }
        goto: check-answers`,
    "",
    `
    conditions:
      is-y: { question: a, equals: y }`,
  );
  assert.deepEqual(errors(named), [
    "test-form.yaml:15:15: error: this branch can never be taken: whenever its condition holds, the branch on line 13 (goto check-answers) is taken first",
  ]);
});

test("a branch whose condition can never hold", () => {
  const text = radios(`
      - when: { all: [{ question: a, equals: x }, { question: a, equals: y }] }
        goto: check-answers`);
  assert.deepEqual(errors(text), [
    "test-form.yaml:13:15: error: this branch can never be taken: its condition can never hold",
  ]);
});

test("numbers, dates and text are tried on either side of what they are compared with", () => {
  const text = typed("{ question: number, greater-than: 10 }").replace(
    "      - goto: check-answers\n",
    "      - when: { question: number, greater-than: 20 }\n        goto: check-answers\n      - when: { question: text, contains: car }\n        goto: check-answers\n      - goto: check-answers\n",
  );
  assert.deepEqual(errors(text), [
    "test-form.yaml:18:15: error: this branch can never be taken: whenever its condition holds, the branch on line 16 (goto check-answers) is taken first",
  ]);
  const ok = typed("{ question: number, greater-than: 20 }").replace(
    "      - goto: check-answers\n",
    "      - when: { question: number, greater-than: 10 }\n        goto: check-answers\n      - when: { question: date, after: today }\n        goto: check-answers\n      - when: { question: date, before: 2020-01-01 }\n        goto: check-answers\n      - goto: check-answers\n",
  );
  assert.deepEqual(errors(ok), []);
});

test("a branch that only a never-taken branch leads to is unreachable, and says why", () => {
  const text = radios(
    `
      - when: { question: a, one-of: [x, y] }
        goto: check-answers
      - when: { question: a, equals: y }
        goto: b`,
    `
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it? }
        next:
          - goto: check-answers`,
  );
  assert.deepEqual(errors(text), [
    "test-form.yaml:15:15: error: this branch can never be taken: whenever its condition holds, the branch on line 13 (goto check-answers) is taken first",
    'test-form.yaml:18:9: error: no path reaches the page "b" (only branches that can never be taken go to it)',
  ]);
});

test("a named condition that nothing uses is a warning", () => {
  const text = radios("", "", "conditions:\n  spare: { question: a, equals: x }\n");
  assert.deepEqual(warnings(text), [
    'test-form.yaml:17:3: warning: the condition "spare" is not used by any branch or routing rule',
  ]);
});

test("plain language in labels, hints and bodies is a warning at the word", () => {
  const text = form(`
    pages:
      - id: a
        body: |
          Tell us what the perpetrator did.

          You will be contacted by an officer when the investigation has been completed by the team.
        questions:
          - { id: a, type: yes-no, label: Did you alight from the vehicle?, hint: Say whilst it moved }
        next:
          - goto: check-answers
  `);
  assert.deepEqual(warnings(text), [
    'test-form.yaml:8:24: warning: plain language: "perpetrator" is jargon; try "the person who did it"',
    'test-form.yaml:10:16: warning: plain language: "be contacted" may be passive voice',
    'test-form.yaml:10:70: warning: plain language: "been completed" may be passive voice',
    'test-form.yaml:12:47: warning: plain language: "alight" is jargon; try "get off"',
    'test-form.yaml:12:63: warning: plain language: "vehicle" is jargon; try "car, van or motorbike" (where it fits)',
    'test-form.yaml:12:83: warning: plain language: "whilst" is jargon; try "while"',
  ]);
});

test("the number of distinct paths, to check your answers and to exits", () => {
  const text = diamond(
    `
      - when: { question: d, equals: "yes" }
        goto: call-999
      - goto: check-answers`,
    `
    exits:
      - id: call-999
        title: Call 999 now
        body: Call 999.`,
  );
  assert.deepEqual(reportForm(text, FILE).paths, { total: 4, toCheckAnswers: 2, toExits: 2 });
});

test("the shipped forms have no errors", async () => {
  const found = await checkForms(shippedForms);
  assert.deepEqual(found.filter((d) => d.severity === "error").map(formatDiagnostic), []);
});

test("the command line prints diagnostics and path counts, and exits 1 on an error", () => {
  const cli = join(import.meta.dirname, "cli.ts");
  const ok = spawnSync(process.execPath, [cli], { cwd: root, encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(
    ok.stdout,
    /^forms\/report-a-theft\.yaml: \d+ paths \(\d+ to check your answers, \d+ to exits\)$/m,
  );
  assert.match(ok.stdout, /^\d+ forms checked: 0 errors, \d+ warnings?$/m);
  const bad = spawnSync(
    process.execPath,
    [cli, join(import.meta.dirname, "fixtures/bad-form.yaml")],
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(
    bad.stdout,
    /fixtures\/bad-form\.yaml:22:9: error: no path reaches the page "what" \(only branches that can never be taken go to it\)/,
  );
  assert.match(bad.stdout, /1 form checked: \d+ errors?, \d+ warnings?/);
});

// The diamond form with routing rules in place of the default single fallback rule.
const routed = (rules: string) =>
  diamond("  - goto: check-answers").replace(
    "routing:\n  - queue: triage\n",
    `routing:\n${indent(rules, 2)}\n`,
  );

test("routing rules: comparisons that do not suit, and rules hidden by an earlier one", () => {
  const text = routed(`
    - when: { question: a, equals: "yes" }
      queue: team-a
    - when: { question: a, one-of: ["yes"] }
      queue: team-b
    - when: { question: c, greater-than: 3 }
      queue: team-c
    - queue: triage`);
  assert.deepEqual(errors(text), [
    "test-form.yaml:38:11: error: this routing rule never applies: whenever its condition holds, the rule on line 36 (queue team-a) applies first",
    'test-form.yaml:40:40: error: "greater-than" compares numbers, but "c" is a short-text question',
  ]);
});

test("routing: a rule for the local neighbourhood team hides nothing, and facts are tried", () => {
  const text = routed(`
    - when: { question: a, equals: "yes" }
      queue: local-neighbourhood-team
    - when: { question: a, equals: "yes" }
      queue: team-a
    - when: { fact: borough, equals: E09000007 }
      queue: camden
    - when: { fact: borough, one-of: [E09000007] }
      queue: never
    - queue: triage`);
  assert.deepEqual(errors(text), [
    "test-form.yaml:42:11: error: this routing rule never applies: whenever its condition holds, the rule on line 40 (queue camden) applies first",
  ]);
});

test("routing on a question asked only on journeys that end at an exit", () => {
  const text = form(`
    pages:
      - id: a
        questions:
          - { id: a, type: yes-no, label: Is it? }
        next:
          - when: { question: a, equals: "yes" }
            goto: b
          - goto: check-answers
      - id: b
        questions:
          - { id: b, type: yes-no, label: Is it? }
        next:
          - goto: call-999
    exits:
      - id: call-999
        title: Call 999 now
        body: Call 999.
  `).replace(
    "  - queue: triage\n",
    "  - when: { answered: b }\n    queue: team-b\n  - queue: triage\n",
  );
  assert.deepEqual(errors(text), [
    'test-form.yaml:29:23: error: "b" is never asked on a journey that reaches check your answers, so routing never sees an answer',
  ]);
});
