// Loading form definitions from YAML, with the checks that make a definition
// safe to run: the schema (read-definition.ts), then the references between its
// parts. A definition that fails any check stops the site from starting.

import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fieldNames } from "../questions/index.ts";
import { FormDefinitionError, type Problem } from "./form-definition-error.ts";
import { isPrefillable, prefillAnswer, takesLinkValueAsIs } from "./prefill.ts";
import { DefinitionReader } from "./read-definition.ts";
import { CHECK_ANSWERS, type Condition, type FormDefinition, type Question } from "./types.ts";
import { YamlSource } from "./yaml-source.ts";

export type CheckedDefinition = { form?: FormDefinition; problems: Problem[] };

/** Reads and checks one definition from its text; never throws on bad input. */
export function checkFormDefinition(text: string, file: string): CheckedDefinition {
  const source = new YamlSource(file, text);
  if (source.problems.length > 0) return { problems: source.problems };
  const reader = new DefinitionReader(source);
  const form = reader.form(source.value);
  if (form) checkReferences(form, reader);
  if (source.problems.length > 0) return { problems: sorted(source.problems) };
  return { form: { ...form!, file }, problems: [] };
}

export function parseFormDefinition(text: string, file = "<form>"): FormDefinition {
  const { form, problems } = checkFormDefinition(text, file);
  if (!form) throw new FormDefinitionError(problems);
  return form;
}

export function loadFormDefinition(file: string): FormDefinition {
  return parseFormDefinition(readFileSync(file, "utf8"), file);
}

/** Every `*.yaml` file in a folder, keyed by form id. Throws with every file's problems. */
export function loadFormDefinitions(dir: string): Map<string, FormDefinition> {
  const forms = new Map<string, FormDefinition>();
  const problems: Problem[] = [];
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const name of files) {
    const file = join(dir, name);
    const checked = checkFormDefinition(readFileSync(file, "utf8"), file);
    problems.push(...checked.problems);
    const form = checked.form;
    if (!form) continue;
    if (forms.has(form.id)) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `the form id "${form.id}" is already used by ${forms.get(form.id)?.file}`,
      });
    } else if (basename(name).replace(/\.ya?ml$/, "") !== form.id) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `the file name must be the form id: ${form.id}.yaml`,
      });
    }
    forms.set(form.id, form);
  }
  if (problems.length > 0) throw new FormDefinitionError(problems);
  return forms;
}

function sorted(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function checkReferences(form: FormDefinition, reader: DefinitionReader): void {
  const steps = new Set<string>();
  const questions = new Map<string, Question>();
  const stepId = (id: string, path: (string | number)[]) => {
    if (id === CHECK_ANSWERS)
      reader.problem(path, `"${CHECK_ANSWERS}" is reserved and cannot be a page or exit id`);
    else if (steps.has(id)) reader.problem(path, `the id "${id}" is used by another page or exit`);
    steps.add(id);
  };
  form.pages.forEach((page, i) => {
    stepId(page.id, ["pages", i, "id"]);
    const fields = new Set<string>();
    page.questions.forEach((q, j) => {
      const at = ["pages", i, "questions", j];
      if (questions.has(q.id))
        reader.problem([...at, "id"], `the question id "${q.id}" is used twice`);
      questions.set(q.id, q);
      for (const name of fieldNames(q)) {
        if (fields.has(name))
          reader.problem([...at, "id"], `the field "${name}" is used twice on page "${page.id}"`);
        fields.add(name);
      }
    });
  });
  form.exits.forEach((exit, i) => {
    stepId(exit.id, ["exits", i, "id"]);
  });
  const pageIds = new Set(form.pages.map((p) => p.id));
  if (form.start && !pageIds.has(form.start))
    reader.problem(["start"], `start names no page: "${form.start}"`);

  const checkCondition = (cond: Condition, path: (string | number)[]): void => {
    switch (cond.kind) {
      case "compare":
      case "answered":
      case "not-answered":
        if (!questions.has(cond.question)) {
          reader.problem(
            [...path, ...(cond.kind === "compare" ? ["question"] : [cond.kind])],
            `the condition names no question: "${cond.question}"`,
          );
        }
        return;
      case "named":
        if (!Object.hasOwn(form.conditions, cond.name)) {
          reader.problem(
            [...path, "condition"],
            `there is no condition named "${cond.name}" under conditions`,
          );
        }
        return;
      case "not":
        checkCondition(cond.condition, [...path, "not"]);
        return;
      case "fact":
        return;
      default:
        cond.conditions.forEach((c, i) => {
          checkCondition(c, [...path, cond.kind, i]);
        });
    }
  };
  for (const [name, cond] of Object.entries(form.conditions))
    checkCondition(cond, ["conditions", name]);
  form.location.forEach((id, i) => {
    const question = questions.get(id);
    if (!question) reader.problem(["location", i], `location names no question: "${id}"`);
    else if (question.type !== "uk-postcode" && question.type !== "uk-address") {
      reader.problem(
        ["location", i],
        `a location question must be a uk-postcode or uk-address, not ${question.type}`,
      );
    }
  });
  form.routing.forEach((rule, i) => {
    if (rule.when) checkCondition(rule.when, ["routing", i, "when"]);
  });
  checkPrefill(form, questions, reader);
  checkNamedConditionCycles(form, reader);

  form.pages.forEach((page, i) => {
    page.next.forEach((branch, j) => {
      const at = ["pages", i, "next", j];
      if (branch.goto && branch.goto !== CHECK_ANSWERS && !steps.has(branch.goto)) {
        reader.problem([...at, "goto"], `goto names no page or exit: "${branch.goto}"`);
      }
      if (branch.when) checkCondition(branch.when, [...at, "when"]);
    });
    page.questions.forEach((q, j) => {
      for (const key of ["after", "before"] as const) {
        const bound = q[key];
        if (bound && "question" in bound) {
          const other = questions.get(bound.question);
          if (other?.type !== "date") {
            reader.problem(
              ["pages", i, "questions", j, key, "question"],
              `${key} must name a date question; "${bound.question}" is not one`,
            );
          }
        }
      }
    });
  });
  checkPageCycles(form, reader);
}

/**
 * A prefilled question must exist and take one field; one whose answers are not all written
 * by the form (text, numbers) needs a `values:` list; and every value a link can give it
 * must be one its question type accepts (an option of a radios question, "yes" or "no"…),
 * so that a link written from the definition always fills something in.
 */
function checkPrefill(
  form: FormDefinition,
  questions: ReadonlyMap<string, Question>,
  reader: DefinitionReader,
): void {
  for (const parameter of form.prefill) {
    if (parameter.kind !== "question") continue;
    const at = ["prefill", parameter.name];
    const question = questions.get(parameter.question);
    if (!question) {
      reader.problem([...at, "question"], `prefill names no question: "${parameter.question}"`);
      continue;
    }
    // The first page is where a report asks whether anyone is in danger: a link must never
    // answer it for the person, not even as a suggestion.
    if (form.pages.find((p) => p.id === form.start)?.questions.includes(question)) {
      reader.problem(
        [...at, "question"],
        `"${question.id}" is on the first page, which must be answered fresh: it cannot be prefilled`,
      );
      continue;
    }
    if (!isPrefillable(question)) {
      reader.problem(
        [...at, "question"],
        `a ${question.type} question cannot be prefilled: only questions with a single field can`,
      );
      continue;
    }
    if (!parameter.values && !takesLinkValueAsIs(question)) {
      reader.problem(
        [...at, "question"],
        `a ${question.type} question can only be prefilled through a values: list, so that a link cannot write its own words into the answers`,
      );
      continue;
    }
    for (const [from, to] of Object.entries(parameter.values ?? {})) {
      const accepted = prefillAnswer(form, question, to, "2000-01-01");
      if (accepted.ok) continue;
      const options = question.options?.map((o) => o.value);
      reader.problem(
        [...at, "values", from],
        options && !options.includes(to) && to !== "dont-know"
          ? `"${to}" is not an option of "${question.id}"; its options are: ${options.join(", ")}`
          : question.type === "yes-no" && to !== "dont-know"
            ? `"${to}" is not an answer to the yes/no question "${question.id}": use yes or no`
            : `"${to}" is not an answer "${question.id}" accepts: ${accepted.message}`,
      );
    }
  }
}

function checkNamedConditionCycles(form: FormDefinition, reader: DefinitionReader): void {
  const uses = (cond: Condition): string[] =>
    cond.kind === "named"
      ? [cond.name]
      : cond.kind === "not"
        ? uses(cond.condition)
        : cond.kind === "all" || cond.kind === "any"
          ? cond.conditions.flatMap(uses)
          : [];
  const visit = (name: string, trail: string[]): boolean => {
    if (trail.includes(name)) return true;
    const cond = form.conditions[name];
    return cond ? uses(cond).some((n) => visit(n, [...trail, name])) : false;
  };
  for (const name of Object.keys(form.conditions)) {
    if (visit(name, []))
      reader.problem(["conditions", name], `the condition "${name}" refers back to itself`, true);
  }
}

/** Routing must only move forward: a cycle would let a journey go round for ever. */
function checkPageCycles(form: FormDefinition, reader: DefinitionReader): void {
  const byId = new Map(form.pages.map((p, i) => [p.id, { page: p, index: i }]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string): void => {
    const entry = byId.get(id);
    if (!entry || state.get(id) === "done") return;
    state.set(id, "visiting");
    entry.page.next.forEach((branch, j) => {
      if (state.get(branch.goto) === "visiting") {
        reader.problem(
          ["pages", entry.index, "next", j, "goto"],
          `going to "${branch.goto}" makes a loop: a page cannot lead back to itself`,
        );
      } else {
        visit(branch.goto);
      }
    });
    state.set(id, "done");
  };
  for (const page of form.pages) visit(page.id);
}
