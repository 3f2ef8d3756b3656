// `npm run forms:check` on the prefill section: what the loader refuses comes out as schema
// errors at the offending key; the checker adds police.uk category slugs, suggestions no
// path can show, and an area that routing never uses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dedent, errors, form, warnings } from "./test-helpers.ts";

const pages = `
  pages:
    - id: a
      questions:
        - { id: a, type: yes-no, label: Is anyone in danger? }
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
      next:
        - goto: check-answers
    - id: orphan
      questions:
        - { id: orphan, type: yes-no, label: Is it lost? }
      next:
        - goto: check-answers
`;

const withPrefill = (prefill: string) => form(dedent(pages) + dedent(prefill));

test("prefill: a question or an option that does not exist is a schema error at its key", () => {
  const found = errors(
    withPrefill(`
      prefill:
        category:
          question: what
          values: { bicycle-theft: bicycle }
        other:
          question: b
    `),
  );
  assert.ok(
    found.includes(
      'test-form.yaml:29:30: error: "bicycle" is not an option of "what"; its options are: bike, shop',
    ),
    found.join("\n"),
  );
  assert.ok(
    found.includes('test-form.yaml:31:15: error: prefill names no question: "b"'),
    found.join("\n"),
  );
});

test("prefill: a category that is not a police.uk crime category slug is an error at the slug", () => {
  const found = errors(
    withPrefill(`
      prefill:
        category:
          question: what
          values: { bicycle-thef: bike, shoplifting: shop }
    `),
  );
  assert.deepEqual(
    found.filter((f) => f.includes("police.uk")),
    [
      `test-form.yaml:29:15: error: "bicycle-thef" is not a police.uk crime category; expected one of: anti-social-behaviour, bicycle-theft, burglary, criminal-damage-arson, drugs, other-theft, possession-of-weapons, public-order, robbery, shoplifting, theft-from-the-person, vehicle-crime, violent-crime, other-crime`,
    ],
  );
  // Only the `category` parameter carries slugs; another parameter's keys are the form's own.
  assert.deepEqual(
    errors(
      withPrefill("prefill:\n  what:\n    question: what\n    values: { bicycle: bike }\n"),
    ).filter((f) => f.includes("prefill") || f.includes("police.uk")),
    [],
  );
});

test("prefill: a suggestion on a page no path reaches is an error", () => {
  const found = errors(withPrefill("prefill:\n  lost:\n    question: orphan\n"));
  assert.ok(
    found.includes(
      'test-form.yaml:28:15: error: "orphan" is asked on the page "orphan", which no path reaches, so its prefill is never seen',
    ),
    found.join("\n"),
  );
});

test("prefill: an area that no routing rule can use is a warning", () => {
  const text = withPrefill("prefill:\n  area:\n    context: area\n");
  assert.ok(
    warnings(text).includes(
      "test-form.yaml:27:3: warning: no routing rule sends a case to local-neighbourhood-team, so the area is only shown on check your answers",
    ),
    warnings(text).join("\n"),
  );
  const routed = text.replace(
    "routing:\n  - queue: triage\n",
    "routing:\n  - when: { fact: borough, known: true }\n    queue: local-neighbourhood-team\n  - queue: triage\n",
  );
  assert.deepEqual(
    warnings(routed).filter((w) => w.includes("area")),
    [],
  );
  assert.deepEqual(
    errors(routed).filter((e) => !e.includes("orphan")),
    [],
  );
});
