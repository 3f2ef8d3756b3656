// The planner behind the generated journeys: for every shipped form it must find journeys
// that take every branch, with answers the engine accepts and refuses as the generator
// says. When a branch cannot be taken, the failure names it, so the form's author learns
// which branch is unreachable.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  acceptAnswer,
  CHECK_ANSWERS,
  computePath,
  type FormDefinition,
  isCompletePath,
} from "../../src/forms/engine/index.ts";
import { pageInvalidBodies } from "./answer-generator.ts";
import { shippedForms, TODAY } from "./forms.ts";
import { answersAfter, journeyBranches, journeySteps, planJourneys } from "./planner.ts";

describe("the journey planner", () => {
  for (const form of shippedForms) {
    describe(form.id, () => {
      const plan = planJourneys(form, TODAY);

      it("takes every branch of every page", (t) => {
        assert.deepEqual(
          plan.uncovered,
          [],
          `${form.id}: no journey with the generated answers takes these branches; are they reachable?\n  ${plan.uncovered.join("\n  ")}`,
        );
        t.diagnostic(
          `${plan.journeys.length} journeys (of ${plan.explored.length} explored) take all ${plan.branches.length} branches`,
        );
      });

      it("reaches every page, every exit and check your answers", () => {
        const reached = new Set(plan.journeys.flatMap(journeySteps));
        const all = [...form.pages.map((p) => p.id), ...form.exits.map((e) => e.id), CHECK_ANSWERS];
        assert.deepEqual(
          all.filter((id) => !reached.has(id)),
          [],
        );
      });

      it("plans journeys the engine agrees with, step by step", () => {
        for (const journey of plan.journeys) {
          let answers = {};
          for (const step of journey.steps) {
            assert.equal(computePath(form, answers, { today: TODAY }).next, step.page);
            const result = acceptAnswer(form, step.page, step.body, { answers, today: TODAY });
            assert.ok(result.ok, `${step.page} refused ${JSON.stringify(step.body)}`);
            assert.deepEqual(result.answers, step.accepted);
            answers = { ...answers, ...result.answers };
          }
          assert.deepEqual(answers, answersAfter(journey.steps));
          assert.equal(computePath(form, answers, { today: TODAY }).end, journey.end);
          assert.equal(
            isCompletePath(form, answers, { today: TODAY }),
            journey.end === CHECK_ANSWERS,
          );
        }
      });

      it("offers only answers the engine accepts, except dates bound by another answer", () => {
        const boundByAnswer = (pageId: string) =>
          form.pages
            .find((p) => p.id === pageId)
            ?.questions.some((q) =>
              [q.after, q.before].some((b) => b !== undefined && "question" in b),
            );
        const unexpected = plan.refused.filter((r) => !boundByAnswer(r.page));
        assert.deepEqual(unexpected, [], "generated answers the engine refused");
      });

      it("offers invalid answers that the engine refuses, on every page", () => {
        for (const journey of plan.journeys) {
          journey.steps.forEach((step, i) => {
            const page = form.pages.find((p) => p.id === step.page)!;
            const answers = answersAfter(journey.steps.slice(0, i));
            for (const invalid of pageInvalidBodies(form, page, TODAY)) {
              const result = acceptAnswer(form, page.id, invalid.body, { answers, today: TODAY });
              assert.ok(
                !result.ok,
                `${page.id} accepted "${invalid.why}": ${JSON.stringify(invalid.body)}`,
              );
            }
          });
        }
      });
    });
  }

  it("names a branch that no answer can take", () => {
    const theft = shippedForms.find((f) => f.id === "report-a-theft")!;
    const form: FormDefinition = structuredClone(theft);
    const emergency = form.pages.find((p) => p.id === "emergency")!;
    // "yes" already goes to call-999, so this second "yes" branch can never be taken.
    emergency.next.splice(1, 0, {
      when: { kind: "compare", question: "emergency", operator: "equals", value: "yes" },
      goto: "how-stolen",
    });
    const plan = planJourneys(form, TODAY);
    assert.deepEqual(plan.uncovered, ["emergency #2 → how-stolen"]);
    assert.ok(
      plan.journeys.every((j) => !journeyBranches(form, j).includes("emergency #2 → how-stolen")),
    );
  });
});
