// Property tests: the engine's promises must hold for any answers and any POST
// body, not only the journeys we thought of.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { acceptQuestion, fieldNames } from "../questions/index.ts";
import { acceptAnswer } from "./accept.ts";
import { loadFormDefinitions } from "./loader.ts";
import {
  answersOnPath,
  branchTarget,
  computePath,
  isCompletePath,
  isPageAnswered,
} from "./path.ts";
import { TODAY, validBodies } from "./test-journeys.ts";
import { type Answer, type Answers, CHECK_ANSWERS, type FormDefinition } from "./types.ts";

const forms = [
  ...loadFormDefinitions(fileURLToPath(new URL("../../../forms/", import.meta.url))).values(),
];
const options = { today: TODAY };

/** Answers as a journey could store them, for any subset of the questions, plus some nonsense. */
function arbitraryAnswers(form: FormDefinition): fc.Arbitrary<Answers> {
  const entries: Record<string, fc.Arbitrary<Answer | null | undefined>> = {};
  for (const page of form.pages) {
    for (const q of page.questions) {
      const values = validBodies(q).map((body) => {
        const result = acceptQuestion(q, body, { today: TODAY, answers: {}, form });
        assert.ok(result.ok, `${form.id}/${q.id}: ${JSON.stringify(body)}`);
        return result.value;
      });
      entries[q.id] = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...values) },
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.jsonValue() as fc.Arbitrary<Answer | null> },
      );
    }
  }
  return fc.record(entries).map((record) => {
    const answers: Record<string, Answer | null> = {};
    for (const [id, value] of Object.entries(record)) if (value !== undefined) answers[id] = value;
    return answers;
  });
}

describe("random answers never make a complete path that skips a page", () => {
  for (const form of forms) {
    it(form.id, () => {
      fc.assert(
        fc.property(arbitraryAnswers(form), (answers) => {
          const path = computePath(form, answers, options);
          if (!isCompletePath(form, answers, options)) {
            assert.notEqual(path.end, CHECK_ANSWERS);
            return;
          }
          // The path is the chain of branches from the start, every page on it answered.
          assert.equal(path.pages[0], form.start);
          path.pages.forEach((id, i) => {
            const page = form.pages.find((p) => p.id === id)!;
            assert.ok(isPageAnswered(page, answers), `${id} is not answered`);
            const target = branchTarget(form, page, answers, options);
            assert.equal(target, path.pages[i + 1] ?? CHECK_ANSWERS);
          });
          // What is submitted (the answers on the path) is itself complete and needs every answer.
          const kept = answersOnPath(form, answers, options);
          assert.equal(isCompletePath(form, kept, options), true);
          assert.deepEqual(computePath(form, kept, options).pages, path.pages);
          for (const id of Object.keys(kept)) {
            const { [id]: _, ...without } = kept;
            assert.equal(isCompletePath(form, without, options), false, `complete without ${id}`);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

const bodyValue = fc.oneof(
  fc.string(),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.constantFrom(
    "",
    " ",
    "dont-know",
    "yes",
    "31",
    "2",
    "£1,000.001",
    "\u0000",
    "x".repeat(20_000),
  ),
  fc.jsonValue(),
);

describe("acceptAnswer never throws on any body", () => {
  for (const form of forms) {
    it(form.id, () => {
      const pages = form.pages.map((page) => ({
        page,
        fields: page.questions.flatMap(fieldNames),
      }));
      fc.assert(
        fc.property(
          fc.constantFrom(...pages),
          fc.array(fc.tuple(fc.string(), bodyValue), { maxLength: 3 }),
          fc.array(bodyValue, { maxLength: 6 }),
          ({ page, fields }, extra, values) => {
            const body: Record<string, unknown> = Object.fromEntries(extra);
            values.forEach((value, i) => {
              if (fields.length > 0) body[fields[i % fields.length]] = value;
            });
            const result = acceptAnswer(form, page.id, body, options);
            if (result.ok) {
              assert.deepEqual(
                Object.keys(result.answers).sort(),
                page.questions.map((q) => q.id).sort(),
              );
            } else {
              assert.ok(result.errors.length > 0);
              for (const error of result.errors) {
                assert.ok(
                  fields.includes(error.field),
                  `${error.field} is not a field of ${page.id}`,
                );
                assert.equal(error.href, `#${error.field}`);
                assert.ok(error.text.length > 0);
              }
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
