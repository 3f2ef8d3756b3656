// The form definition checker behind `npm run forms:check`: everything the loader
// refuses (schema, duplicate ids, unknown gotos, missing fallbacks, cycles), then
// the checks that need the whole page graph, then plain language.
//
//   checkForms(files): Promise<Diagnostic[]>      every file, and the ids across files
//   checkFormText(text, file): Diagnostic[]       one definition from its text
//   reportForm(text, file): FormReport            the same, with the count of paths
//   analyseForm(form, locator, file): FormReport  the graph checks on a loaded definition
//
// Errors stop CI; warnings (plain language, unused named conditions) are advice.

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  type Condition,
  checkFormDefinition,
  type FormDefinition,
  type Question,
} from "../engine/index.ts";
import { checkCompare } from "./condition-types.ts";
import { byPosition, type Diagnostic, type Severity } from "./diagnostic.ts";
import {
  countPaths,
  deadEnds,
  dominators,
  isEnd,
  type PathCount,
  pageGraph,
  pathAvoiding,
  reachable,
} from "./graph.ts";
import { type BranchVerdict, branchVerdicts } from "./never-taken.ts";
import { plainLanguageFindings } from "./plain-language.ts";
import { prefillFindings } from "./prefill.ts";
import { checkQueues, checkRouting, routingConditions } from "./routing.ts";
import { type Position, YamlLocator, type YamlPath } from "./yaml-locator.ts";

export { type Diagnostic, formatDiagnostic, type Severity } from "./diagnostic.ts";
export type { PathCount } from "./graph.ts";

export type FormReport = {
  file: string;
  diagnostics: Diagnostic[];
  /** The form's id and where it is written, when the definition loaded. */
  formId?: string;
  idPosition?: Position;
  /** Distinct paths from the start to an end, when the definition loaded. */
  paths?: PathCount;
};

/** What the checker knows beyond the forms themselves. */
export type CheckContext = {
  /** The ids of the teams that exist (seed/teams.yaml), to check routing queues against. */
  teams?: { ids: ReadonlySet<string>; file: string };
};

export async function checkForms(
  files: readonly string[],
  context: CheckContext = {},
): Promise<Diagnostic[]> {
  return (await reportForms(files, context)).flatMap((r) => r.diagnostics).sort(byPosition);
}

/** Each file's report; a form id used twice, or a file not named after its form, is an error. */
export async function reportForms(
  files: readonly string[],
  context: CheckContext = {},
): Promise<FormReport[]> {
  const reports = await Promise.all(
    files.map(async (file) => reportForm(await readFile(file, "utf8"), file, context)),
  );
  const seen = new Map<string, string>();
  for (const report of reports) {
    if (!report.formId) continue;
    const at = {
      file: report.file,
      ...(report.idPosition ?? { line: 1, column: 1 }),
      severity: "error" as const,
    };
    const other = seen.get(report.formId);
    if (other) {
      report.diagnostics.push({
        ...at,
        rule: "duplicate-form-id",
        message: `the form id "${report.formId}" is already used by ${other}`,
      });
    } else if (basename(report.file).replace(/\.ya?ml$/, "") !== report.formId) {
      report.diagnostics.push({
        ...at,
        rule: "file-name",
        message: `the file name must be the form id: ${report.formId}.yaml`,
      });
    }
    seen.set(report.formId, report.file);
  }
  return reports;
}

export function checkFormText(text: string, file: string): Diagnostic[] {
  return reportForm(text, file).diagnostics;
}

export function reportForm(text: string, file: string, context: CheckContext = {}): FormReport {
  const locator = new YamlLocator(text);
  const { form, problems } = checkFormDefinition(text, file);
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    file,
    line: p.line,
    column: p.column,
    severity: "error",
    rule: "schema",
    message: p.message,
  }));
  const report: FormReport = form ? analyseForm(form, locator, file) : { file, diagnostics: [] };
  report.diagnostics.push(...diagnostics);
  if (form && context.teams) {
    for (const q of checkQueues(form, context.teams.ids, context.teams.file)) {
      report.diagnostics.push({
        file,
        ...locator.position(q.path),
        severity: "error",
        rule: "routing-queue",
        message: q.message,
      });
    }
  }
  if (locator.value !== undefined) {
    for (const f of plainLanguageFindings(locator)) {
      report.diagnostics.push({
        file,
        line: f.line,
        column: f.column,
        severity: "warning",
        rule: `plain-language/${f.kind}`,
        message: `plain language: ${f.message}`,
      });
    }
  }
  report.diagnostics.sort(byPosition);
  return report;
}

type QuestionAt = { question: Question; page: string; pageIndex: number };

/** A question used by a condition, and where the use is written. */
type Use = { question: string; at: YamlPath; via?: string };

/** Questions a condition uses; uses inside a named condition are placed at its reference. */
function usesOf(
  cond: Condition,
  path: YamlPath,
  form: FormDefinition,
  via?: { name: string; at: YamlPath },
  depth = 0,
): Use[] {
  if (depth > 100) return [];
  const here = (sub: YamlPath) => (via ? via.at : [...path, ...sub]);
  switch (cond.kind) {
    case "compare":
      return [{ question: cond.question, at: here(["question"]), via: via?.name }];
    case "answered":
    case "not-answered":
      return [{ question: cond.question, at: here([cond.kind]), via: via?.name }];
    case "not":
      return usesOf(cond.condition, [...path, "not"], form, via, depth + 1);
    case "all":
    case "any":
      return cond.conditions.flatMap((c, i) =>
        usesOf(c, [...path, cond.kind, i], form, via, depth + 1),
      );
    case "named": {
      const named = form.conditions[cond.name];
      return named
        ? usesOf(named, [], form, via ?? { name: cond.name, at: [...path, "condition"] }, depth + 1)
        : [];
    }
    case "fact":
      // Facts (where it happened) are derived by the site, not asked: no question to use.
      return [];
  }
}

/** Each comparison written directly in a condition (not through a named one), with its path. */
function comparesIn(
  cond: Condition,
  path: YamlPath,
): Array<{ cond: Extract<Condition, { kind: "compare" }>; path: YamlPath }> {
  switch (cond.kind) {
    case "compare":
      return [{ cond, path }];
    case "not":
      return comparesIn(cond.condition, [...path, "not"]);
    case "all":
    case "any":
      return cond.conditions.flatMap((c, i) => comparesIn(c, [...path, cond.kind, i]));
    default:
      return [];
  }
}

function namesIn(cond: Condition, form: FormDefinition, depth = 0): string[] {
  if (depth > 100) return [];
  switch (cond.kind) {
    case "named":
      return [
        cond.name,
        ...(form.conditions[cond.name] ? namesIn(form.conditions[cond.name], form, depth + 1) : []),
      ];
    case "not":
      return namesIn(cond.condition, form, depth + 1);
    case "all":
    case "any":
      return cond.conditions.flatMap((c) => namesIn(c, form, depth + 1));
    default:
      return [];
  }
}

export function analyseForm(form: FormDefinition, locator: YamlLocator, file: string): FormReport {
  const diagnostics: Diagnostic[] = [];
  const report = (
    severity: Severity,
    rule: string,
    path: YamlPath,
    message: string,
    key = false,
  ) => {
    diagnostics.push({ file, ...locator.position(path, key), severity, rule, message });
  };
  const questions = new Map<string, QuestionAt>();
  form.pages.forEach((page, pageIndex) => {
    for (const question of page.questions)
      questions.set(question.id, { question, page: page.id, pageIndex });
  });
  const questionTypes = new Map([...questions].map(([id, q]) => [id, q.question]));

  // Conditions that compare incompatible types or name options that do not exist.
  const badNamed = new Set<string>();
  const typeCheck = (cond: Condition, path: YamlPath): boolean => {
    let ok = true;
    for (const { cond: compare, path: at } of comparesIn(cond, path)) {
      const q = questions.get(compare.question);
      if (!q) continue;
      for (const problem of checkCompare(compare, q.question)) {
        report("error", "condition-type", [...at, ...problem.at], problem.message);
        ok = false;
      }
    }
    return ok;
  };
  for (const [name, cond] of Object.entries(form.conditions)) {
    if (!typeCheck(cond, ["conditions", name])) badNamed.add(name);
  }
  const badBranch = new Set<string>();
  form.pages.forEach((page, i) => {
    page.next.forEach((branch, j) => {
      if (!branch.when) return;
      const ok = typeCheck(branch.when, ["pages", i, "next", j, "when"]);
      if (!ok || namesIn(branch.when, form).some((n) => badNamed.has(n)))
        badBranch.add(`${page.id}/${j}`);
    });
  });

  // Branches that can never be taken.
  const verdicts = new Map<string, BranchVerdict[]>();
  form.pages.forEach((page, i) => {
    const found =
      branchVerdicts(form, page, questionTypes) ??
      identicalConditions(
        form,
        page.next.map((b) => b.when),
      );
    verdicts.set(page.id, found);
    found.forEach((verdict, j) => {
      const branch = page.next[j];
      if (verdict.takeable || !branch.when || badBranch.has(`${page.id}/${j}`)) return;
      const at: YamlPath = ["pages", i, "next", j, "when"];
      if (verdict.reason === "never-holds") {
        report(
          "error",
          "never-taken",
          at,
          "this branch can never be taken: its condition can never hold",
        );
      } else if (verdict.by !== undefined) {
        const earlier = page.next[verdict.by];
        const line = locator.position(["pages", i, "next", verdict.by]).line;
        report(
          "error",
          "never-taken",
          at,
          `this branch can never be taken: whenever its condition holds, the branch on line ${line} (goto ${earlier.goto}) is taken first`,
        );
      } else {
        report(
          "error",
          "never-taken",
          at,
          "this branch can never be taken: whenever its condition holds, one of the branches above it is taken first",
        );
      }
    });
  });

  const graph = pageGraph(form, (page, j) => verdicts.get(page.id)?.[j]?.takeable ?? true);
  const reached = reachable(graph);

  // Pages and exits that no path reaches, and a form that never reaches check your answers.
  const neverTakenTargets = new Set(
    form.pages.flatMap((p) =>
      p.next.filter((_, j) => verdicts.get(p.id)?.[j]?.takeable === false).map((b) => b.goto),
    ),
  );
  const why = (id: string) =>
    neverTakenTargets.has(id) ? " (only branches that can never be taken go to it)" : "";
  form.pages.forEach((page, i) => {
    if (!reached.has(page.id))
      report(
        "error",
        "unreachable",
        ["pages", i, "id"],
        `no path reaches the page "${page.id}"${why(page.id)}`,
      );
  });
  form.exits.forEach((exit, i) => {
    if (!reached.has(exit.id))
      report(
        "error",
        "unreachable",
        ["exits", i, "id"],
        `no path reaches the exit "${exit.id}"${why(exit.id)}`,
      );
  });
  if (!reached.has("check-answers")) {
    report(
      "error",
      "no-submission",
      ["start"],
      "no path reaches check your answers: every journey ends at an exit, so nothing can be sent",
    );
  }
  for (const id of deadEnds(graph)) {
    const i = form.pages.findIndex((p) => p.id === id);
    report(
      "error",
      "dead-end",
      ["pages", i, "id"],
      `no path from the page "${id}" reaches check your answers or an exit`,
    );
  }
  void isEnd;

  // Conditions that use a question not answered on every path to the page that branches.
  const dom = dominators(graph);
  form.pages.forEach((page, i) => {
    const onEveryPath = dom.get(page.id);
    if (!onEveryPath) return;
    page.next.forEach((branch, j) => {
      if (!branch.when) return;
      const reported = new Set<string>();
      for (const use of usesOf(branch.when, ["pages", i, "next", j, "when"], form)) {
        const asked = questions.get(use.question);
        if (!asked || onEveryPath.has(asked.page) || reported.has(use.question)) continue;
        reported.add(use.question);
        const through = use.via
          ? `the condition "${use.via}" uses "${use.question}", which`
          : `"${use.question}"`;
        const later = dom.get(asked.page)?.has(page.id);
        if (later) {
          report(
            "error",
            "not-yet-answered",
            use.at,
            `${through} is asked on the page "${asked.page}", after "${page.id}": it has no answer yet`,
          );
        } else {
          const example = pathAvoiding(graph, page.id, new Set([asked.page]));
          report(
            "error",
            "not-answered-on-every-path",
            use.at,
            `${through} is not asked on every path to the page "${page.id}", so its answer may be missing or left over from a branch not taken${example ? ` (for example: ${example.join(" → ")})` : ""}`,
          );
        }
      }
    });
  });

  // Routing rules: their comparisons, rules hidden by earlier ones, questions never answered.
  const badRouting = new Set<string>();
  for (const { when, path } of routingConditions(form)) {
    if (!typeCheck(when, path) || namesIn(when, form).some((n) => badNamed.has(n))) {
      badRouting.add(path.join("/"));
    }
  }
  checkRouting(
    form,
    questionTypes,
    locator,
    graph,
    (cond, path) => usesOf(cond, path, form),
    (id) => questions.get(id)?.page,
    (path) => badRouting.has(path.join("/")),
    (rule, path, message) => report("error", rule, path, message),
  );

  // Prefill: category slugs, and suggestions on pages no path reaches.
  for (const finding of prefillFindings(form, reached)) {
    report(finding.severity, finding.rule, finding.path, finding.message, finding.key);
  }

  // Named conditions that nothing uses.
  const used = new Set([
    ...form.pages.flatMap((p) => p.next.flatMap((b) => (b.when ? namesIn(b.when, form) : []))),
    ...routingConditions(form).flatMap(({ when }) => namesIn(when, form)),
  ]);
  for (const name of Object.keys(form.conditions)) {
    if (!used.has(name))
      report(
        "warning",
        "unused-condition",
        ["conditions", name],
        `the condition "${name}" is not used by any branch or routing rule`,
        true,
      );
  }

  return {
    file,
    diagnostics: diagnostics.sort(byPosition),
    formId: form.id,
    idPosition: locator.position(["id"]),
    paths: countPaths(graph),
  };
}

/** The fallback when there are too many answers to try: a condition written twice on one page. */
function identicalConditions(
  form: FormDefinition,
  conditions: Array<Condition | undefined>,
): BranchVerdict[] {
  const resolve = (c: Condition, depth = 0): unknown =>
    depth > 100
      ? null
      : c.kind === "named"
        ? resolve(form.conditions[c.name] ?? c, depth + 1)
        : c.kind === "not"
          ? { not: resolve(c.condition, depth + 1) }
          : c.kind === "all" || c.kind === "any"
            ? { [c.kind]: c.conditions.map((x) => resolve(x, depth + 1)) }
            : c;
  const keys = conditions.map((c) => (c ? JSON.stringify(resolve(c)) : undefined));
  return keys.map((key, j) => {
    const by = key === undefined ? -1 : keys.findIndex((k, i) => i < j && k === key);
    return by === -1 ? { takeable: true } : { takeable: false, reason: "shadowed", by };
  });
}
