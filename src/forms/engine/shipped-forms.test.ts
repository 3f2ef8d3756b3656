import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadFormDefinitions } from "./loader.ts";
import { pageView } from "./page-view.ts";
import { answersOnPath, computePath, isCompletePath, isPageAnswered } from "./path.ts";
import { summaryRows } from "./summary.ts";
import { seeded, TODAY, walk } from "./test-journeys.ts";
import { CHECK_ANSWERS } from "./types.ts";

const FORMS_DIR = fileURLToPath(new URL("../../../forms/", import.meta.url));
const forms = loadFormDefinitions(FORMS_DIR);
const JOURNEYS = 4000;

describe("the shipped forms", () => {
  it("are the four first services, and all load", () => {
    assert.deepEqual([...forms.keys()].sort(), [
      "compliments-complaints-feedback",
      "report-a-road-traffic-collision",
      "report-a-theft",
      "report-antisocial-behaviour",
    ]);
  });

  for (const form of forms.values()) {
    describe(form.id, () => {
      it("starts with the emergency question, which leads to Call 999 now", () => {
        assert.equal(form.start, "emergency");
        assert.equal(computePath(form, { emergency: "yes" }).end, "call-999");
        assert.equal(form.exits.find((e) => e.id === "call-999")?.title, "Call 999 now");
      });

      it("has check your answers, a declaration and what happens next", () => {
        assert.ok(form.checkAnswers.title && form.declaration && form.confirmation.whatHappensNext);
      });

      it("reaches every page, every exit and check your answers", () => {
        const random = seeded(20251204);
        const reached = new Set<string>();
        for (let i = 0; i < JOURNEYS; i++) {
          const journey = walk(form, random);
          for (const page of journey.visited) reached.add(page);
          reached.add(journey.end);
        }
        const expected = [
          ...form.pages.map((p) => p.id),
          ...form.exits.map((e) => e.id),
          CHECK_ANSWERS,
        ];
        assert.deepEqual(
          expected.filter((id) => !reached.has(id)),
          [],
        );
      });

      it("finishes each journey on a complete path whose summary lists every answer", () => {
        const random = seeded(7);
        for (let i = 0; i < 300; i++) {
          const { answers, end } = walk(form, random);
          assert.equal(isCompletePath(form, answers, { today: TODAY }), end === CHECK_ANSWERS);
          if (end !== CHECK_ANSWERS) continue;
          const path = computePath(form, answers, { today: TODAY });
          assert.ok(
            path.pages.every((id) => isPageAnswered(form.pages.find((p) => p.id === id)!, answers)),
          );
          const kept = answersOnPath(form, answers, { today: TODAY });
          assert.equal(
            summaryRows(form, answers, { today: TODAY }).length,
            Object.keys(kept).length,
          );
        }
      });

      it("draws every page without errors", () => {
        for (const page of form.pages) {
          const view = pageView(form, page.id);
          assert.ok(view.title.length > 0, page.id);
          assert.ok(
            view.questions.every((q) => q.components.length > 0),
            page.id,
          );
        }
      });
    });
  }
});
