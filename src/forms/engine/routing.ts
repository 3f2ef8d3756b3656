// Routing: which team's queue a finished journey goes to. The form's rules are tried in
// order over the answers and the facts derived from them; every queue whose rule holds is
// returned, in order, because a rule may name a queue that turns out not to exist for this
// place (no neighbourhood team for the area), and then the next one applies. The last
// rule always holds, so the list is never empty for a loaded form.
import { evaluateCondition } from "./conditions.ts";
import type { Answers, Facts, FormDefinition } from "./types.ts";

export function routeCandidates(
  form: FormDefinition,
  answers: Answers,
  facts: Facts,
  options: { today?: string } = {},
): string[] {
  return form.routing
    .filter(
      (rule) => !rule.when || evaluateCondition(rule.when, answers, form, { ...options, facts }),
    )
    .map((rule) => rule.queue);
}
