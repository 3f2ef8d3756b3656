// Routing names teams; the checker holds them to the teams the site will load.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic } from "./diagnostic.ts";
import { reportForm } from "./index.ts";

const definition = (routing: string) => `id: test-form
title: Test form
version: 1
start: a
pages:
  - id: a
    questions:
      - { id: a, type: yes-no, label: Is it so? }
    next:
      - goto: check-answers
check-answers: { title: Check your answers }
declaration: This is true.
confirmation: { title: Sent, what-happens-next: We will read it. }
routing:
${routing}`;

const context = { teams: { ids: new Set(["triage", "roads"]), file: "seed/teams.yaml" } };
const errors = (routing: string) =>
  reportForm(definition(routing), "test-form.yaml", context)
    .diagnostics.filter((d) => d.severity === "error")
    .map(formatDiagnostic);

test("a queue that is not a team is an error at the queue's line and column", () => {
  assert.deepEqual(
    errors("  - when: { question: a, equals: 'yes' }\n    queue: roadz\n  - queue: triage\n"),
    ['test-form.yaml:16:12: error: the queue "roadz" is not a team in seed/teams.yaml'],
  );
});

test("the fallback cannot be the local neighbourhood team, which may not exist there", () => {
  assert.deepEqual(errors("  - queue: local-neighbourhood-team\n"), [
    "test-form.yaml:15:12: error: the fallback queue must be a team: there may be no local-neighbourhood-team for where it happened",
  ]);
  assert.deepEqual(
    errors(
      "  - when: { question: a, equals: 'yes' }\n    queue: local-neighbourhood-team\n  - queue: roads\n",
    ),
    [],
  );
});
