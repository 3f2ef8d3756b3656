// Routing rules (which team's queue a submission goes to) get the same checks as
// branches: comparisons that suit their question, and no rule hidden by an earlier one.
// A rule for the local neighbourhood team can be passed over (there may be no team for
// that area), so it hides nothing after it.

import {
  CHECK_ANSWERS,
  type Condition,
  type FormDefinition,
  LOCAL_NEIGHBOURHOOD_TEAM,
  type Question,
} from "../engine/index.ts";
import type { PageGraph } from "./graph.ts";
import { conditionVerdicts } from "./never-taken.ts";
import type { YamlLocator, YamlPath } from "./yaml-locator.ts";

export type Report = (rule: string, path: YamlPath, message: string) => void;

/** The `when` of each routing rule, with its path. */
export function routingConditions(
  form: FormDefinition,
): Array<{ when: Condition; path: YamlPath }> {
  return (form.routing ?? []).flatMap((rule, i) =>
    rule.when ? [{ when: rule.when, path: ["routing", i, "when"] }] : [],
  );
}

export function checkRouting(
  form: FormDefinition,
  questions: ReadonlyMap<string, Question>,
  locator: YamlLocator,
  graph: PageGraph,
  usesOf: (
    cond: Condition,
    path: YamlPath,
  ) => Array<{ question: string; at: YamlPath; via?: string }>,
  pageOf: (question: string) => string | undefined,
  hasTypeProblem: (path: YamlPath) => boolean,
  report: Report,
): void {
  const rules = form.routing ?? [];
  const verdicts = conditionVerdicts(
    form,
    rules.map((r) => r.when),
    questions,
    rules.map((r) => r.queue === LOCAL_NEIGHBOURHOOD_TEAM),
  );
  verdicts?.forEach((verdict, i) => {
    const rule = rules[i];
    const at: YamlPath = ["routing", i, "when"];
    if (verdict.takeable || !rule.when || hasTypeProblem(at)) return;
    if (verdict.reason === "never-holds") {
      report("never-applies", at, "this routing rule never applies: its condition can never hold");
    } else if (verdict.by !== undefined) {
      const line = locator.position(["routing", verdict.by]).line;
      report(
        "never-applies",
        at,
        `this routing rule never applies: whenever its condition holds, the rule on line ${line} (queue ${rules[verdict.by].queue}) applies first`,
      );
    } else {
      report(
        "never-applies",
        at,
        "this routing rule never applies: whenever its condition holds, one of the rules above it applies first",
      );
    }
  });

  // A question asked only on journeys that end at an exit never has an answer when routing.
  const toCheckAnswers = new Set<string>();
  for (const id of [...graph.order].reverse()) {
    if ((graph.out.get(id) ?? []).some((e) => e.to === CHECK_ANSWERS || toCheckAnswers.has(e.to))) {
      toCheckAnswers.add(id);
    }
  }
  for (const { when, path } of routingConditions(form)) {
    const reported = new Set<string>();
    for (const use of usesOf(when, path)) {
      const page = pageOf(use.question);
      if (!page || toCheckAnswers.has(page) || reported.has(use.question)) continue;
      reported.add(use.question);
      report(
        "routing-never-answered",
        use.at,
        `${use.via ? `the condition "${use.via}" uses "${use.question}", which` : `"${use.question}"`} is never asked on a journey that reaches check your answers, so routing never sees an answer`,
      );
    }
  }
}

/**
 * Every queue a rule names must be a team that exists, and the fallback must be a real
 * team: the local neighbourhood team may not exist for where it happened.
 */
export function checkQueues(
  form: FormDefinition,
  teamIds: ReadonlySet<string>,
  teamsFile: string,
): Array<{ path: YamlPath; message: string }> {
  const problems: Array<{ path: YamlPath; message: string }> = [];
  const rules = form.routing ?? [];
  rules.forEach((rule, i) => {
    const last = i === rules.length - 1;
    if (rule.queue === LOCAL_NEIGHBOURHOOD_TEAM) {
      if (last) {
        problems.push({
          path: ["routing", i, "queue"],
          message: `the fallback queue must be a team: there may be no ${LOCAL_NEIGHBOURHOOD_TEAM} for where it happened`,
        });
      }
    } else if (!teamIds.has(rule.queue)) {
      problems.push({
        path: ["routing", i, "queue"],
        message: `the queue "${rule.queue}" is not a team in ${teamsFile}`,
      });
    }
  });
  return problems;
}
