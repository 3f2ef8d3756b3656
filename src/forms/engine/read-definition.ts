// The schema of a form definition, written as plain code: each reader checks one
// kind of YAML node, reports problems at that node, and builds the typed value.
// A hand-written reader gives messages in the form author's words, which a
// generic schema validator would not.

import { isQuestionTypeName, questionTypes } from "../questions/index.ts";
import type { SettingKind } from "../questions/question-type.ts";
import type {
  Branch,
  CompareOperator,
  Condition,
  ConditionValue,
  DateBound,
  ExitPage,
  Fact,
  FormDefinition,
  Option,
  Page,
  PrefillParameter,
  Question,
  RoutingRule,
} from "./types.ts";
import { FACTS } from "./types.ts";
import type { Path, YamlSource } from "./yaml-source.ts";

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const COMPARE_OPERATORS: readonly CompareOperator[] = [
  "equals",
  "not-equals",
  "one-of",
  "contains",
  "before",
  "after",
  "less-than",
  "greater-than",
];

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map of keys";
  return `${typeof value} ${JSON.stringify(value)}`;
}

export class DefinitionReader {
  readonly source: YamlSource;

  constructor(source: YamlSource) {
    this.source = source;
  }

  problem(path: Path, message: string, key = false): void {
    this.source.problem(path, message, key);
  }

  /** A map with only the keys given; reports missing required keys and unknown ones. */
  map(
    value: unknown,
    path: Path,
    what: string,
    required: string[],
    optional: string[],
  ): Raw | undefined {
    if (!isRecord(value)) {
      this.problem(path, `${what} must be a map of keys, not ${describe(value)}`);
      return undefined;
    }
    const known = new Set([...required, ...optional]);
    for (const key of Object.keys(value)) {
      if (!known.has(key)) {
        this.problem(
          [...path, key],
          `unknown key "${key}" in ${what}; expected one of: ${[...known].join(", ")}`,
          true,
        );
      }
    }
    for (const key of required) {
      if (!(key in value)) this.problem(path, `${what} is missing "${key}"`);
    }
    return value;
  }

  string(value: unknown, path: Path, what: string): string | undefined {
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (value !== undefined)
      this.problem(path, `${what} must be some text, not ${describe(value)}`);
    return undefined;
  }

  id(value: unknown, path: Path, what: string): string {
    const text = this.string(value, path, what);
    if (text === undefined) return "";
    if (!ID_PATTERN.test(text)) {
      this.problem(path, `${what} "${text}" must be lowercase letters and digits joined by dashes`);
    }
    return text;
  }

  boolean(value: unknown, path: Path, what: string): boolean | undefined {
    if (value === undefined || typeof value === "boolean") return value;
    this.problem(path, `${what} must be true or false, not ${describe(value)}`);
    return undefined;
  }

  number(value: unknown, path: Path, what: string, integer: boolean): number | undefined {
    if (value === undefined) return undefined;
    if (
      typeof value === "number" &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value))
    ) {
      return value;
    }
    this.problem(
      path,
      `${what} must be ${integer ? "a whole number" : "a number"}, not ${describe(value)}`,
    );
    return undefined;
  }

  list(value: unknown, path: Path, what: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.problem(path, `${what} must be a list, not ${describe(value)}`);
    return [];
  }

  form(value: unknown): FormDefinition | undefined {
    const raw = this.map(
      value,
      [],
      "the form definition",
      [
        "id",
        "title",
        "version",
        "start",
        "pages",
        "check-answers",
        "declaration",
        "confirmation",
        "routing",
      ],
      ["sensitive", "description", "conditions", "exits", "location", "prefill"],
    );
    if (!raw) return undefined;
    const conditions: Record<string, Condition> = {};
    if (raw.conditions !== undefined) {
      const named = this.map(
        raw.conditions,
        ["conditions"],
        "conditions",
        [],
        Object.keys(isRecord(raw.conditions) ? raw.conditions : {}),
      );
      for (const [name, cond] of Object.entries(named ?? {})) {
        if (!ID_PATTERN.test(name)) {
          this.problem(
            ["conditions", name],
            `condition name "${name}" must be lowercase letters and digits joined by dashes`,
            true,
          );
        }
        const read = this.condition(cond, ["conditions", name]);
        if (read) conditions[name] = read;
      }
    }
    const checkAnswers = this.map(
      raw["check-answers"],
      ["check-answers"],
      "check-answers",
      ["title"],
      ["body"],
    );
    const confirmation = this.map(
      raw.confirmation,
      ["confirmation"],
      "confirmation",
      ["title", "what-happens-next"],
      [],
    );
    const version = this.number(raw.version, ["version"], "version", true);
    if (version !== undefined && version < 1)
      this.problem(["version"], "version must be 1 or more");
    return {
      id: this.id(raw.id, ["id"], "the form id"),
      title: this.string(raw.title, ["title"], "title") ?? "",
      version: version ?? 1,
      sensitive: this.boolean(raw.sensitive, ["sensitive"], "sensitive") ?? false,
      description: this.string(raw.description, ["description"], "description") ?? "",
      start: this.id(raw.start, ["start"], "start"),
      conditions,
      pages: this.list(raw.pages, ["pages"], "pages").map((p, i) => this.page(p, ["pages", i])),
      exits:
        raw.exits === undefined
          ? []
          : this.list(raw.exits, ["exits"], "exits").map((e, i) => this.exit(e, ["exits", i])),
      routing: this.routing(raw.routing),
      location:
        raw.location === undefined
          ? []
          : this.list(raw.location, ["location"], "location").map((q, i) =>
              this.id(q, ["location", i], "a location question"),
            ),
      prefill: raw.prefill === undefined ? [] : this.prefill(raw.prefill),
      checkAnswers: {
        title:
          this.string(checkAnswers?.title, ["check-answers", "title"], "the check answers title") ??
          "",
        ...(typeof checkAnswers?.body === "string" ? { body: checkAnswers.body } : {}),
      },
      declaration: this.string(raw.declaration, ["declaration"], "declaration") ?? "",
      confirmation: {
        title:
          this.string(confirmation?.title, ["confirmation", "title"], "the confirmation title") ??
          "",
        whatHappensNext:
          this.string(
            confirmation?.["what-happens-next"],
            ["confirmation", "what-happens-next"],
            "what-happens-next",
          ) ?? "",
      },
    };
  }

  page(value: unknown, path: Path): Page {
    const raw =
      this.map(value, path, "a page", ["id", "questions", "next"], ["title", "body"]) ?? {};
    const questions = this.list(raw.questions ?? [], [...path, "questions"], "questions").map(
      (q, i) => this.question(q, [...path, "questions", i]),
    );
    if (raw.questions !== undefined && questions.length === 0) {
      this.problem([...path, "questions"], "a page needs at least one question");
    }
    const next = this.list(raw.next ?? [], [...path, "next"], "next").map((b, i) =>
      this.branch(b, [...path, "next", i]),
    );
    if (raw.next !== undefined && next.length === 0)
      this.problem([...path, "next"], "next needs at least one branch");
    next.forEach((branch, i) => {
      const last = i === next.length - 1;
      if (last && branch.when) {
        this.problem(
          [...path, "next", i],
          'the last branch must have no "when": it is the fallback when no other branch applies',
        );
      }
      if (!last && !branch.when) {
        this.problem(
          [...path, "next", i],
          'only the last branch may have no "when": the branches after it could never be taken',
        );
      }
    });
    return {
      id: this.id(raw.id, [...path, "id"], "a page id"),
      ...(raw.title !== undefined
        ? { title: this.string(raw.title, [...path, "title"], "title") }
        : {}),
      ...(raw.body !== undefined ? { body: this.string(raw.body, [...path, "body"], "body") } : {}),
      questions,
      next,
      position: this.source.position(path),
    };
  }

  routing(value: unknown): RoutingRule[] {
    const rules = this.list(value ?? [], ["routing"], "routing").map((r, i) => {
      const path = ["routing", i];
      const raw = this.map(r, path, "a routing rule", ["queue"], ["when"]) ?? {};
      const when =
        raw.when === undefined ? undefined : this.condition(raw.when, [...path, "when"], true);
      return {
        queue: this.id(raw.queue, [...path, "queue"], "queue"),
        ...(when ? { when } : {}),
        position: this.source.position(path),
      };
    });
    if (value !== undefined && rules.length === 0)
      this.problem(["routing"], "routing needs at least one rule");
    rules.forEach((rule, i) => {
      const last = i === rules.length - 1;
      if (last && rule.when) {
        this.problem(
          ["routing", i],
          'the last routing rule must have no "when": it is the fallback queue',
        );
      }
      if (!last && !rule.when) {
        this.problem(
          ["routing", i],
          'only the last routing rule may have no "when": the rules after it could never apply',
        );
      }
    });
    return rules;
  }

  /**
   * `prefill:`, keyed by the link's parameter name: `{ question, values? }` suggests an answer,
   * `{ context: area }` keeps the area on the journey. Whether the question and the values fit
   * the form is checked with the other references (loader.ts).
   */
  prefill(value: unknown): PrefillParameter[] {
    const names = Object.keys(isRecord(value) ? value : {});
    const raw = this.map(value, ["prefill"], "prefill", [], names) ?? {};
    let areas = 0;
    return Object.entries(raw).flatMap(([name, entry]): PrefillParameter[] => {
      const path = ["prefill", name];
      if (!ID_PATTERN.test(name)) {
        this.problem(
          path,
          `the parameter name "${name}" must be lowercase letters and digits joined by dashes`,
          true,
        );
      }
      const position = this.source.position(path);
      if (isRecord(entry) && "context" in entry) {
        const read = this.map(entry, path, "a prefill parameter", ["context"], []);
        if (read?.context !== "area") {
          this.problem(
            [...path, "context"],
            `context must be area, not ${describe(read?.context)}`,
          );
          return [];
        }
        if (++areas > 1) this.problem(path, "only one parameter can be the area", true);
        return [{ name, kind: "area", position }];
      }
      const read = this.map(entry, path, "a prefill parameter", ["question"], ["values"]);
      if (!read) return [];
      const parameter: PrefillParameter = {
        name,
        kind: "question",
        question: this.id(read.question, [...path, "question"], "question"),
        position,
      };
      if (read.values !== undefined) {
        const keys = Object.keys(isRecord(read.values) ? read.values : {});
        const map = this.map(read.values, [...path, "values"], "values", [], keys) ?? {};
        const values: Record<string, string> = {};
        for (const [from, to] of Object.entries(map)) {
          const text = this.string(
            typeof to === "number" || typeof to === "boolean" ? String(to) : to,
            [...path, "values", from],
            `the value for "${from}"`,
          );
          if (text !== undefined) values[from] = text;
        }
        parameter.values = values;
      }
      return [parameter];
    });
  }

  /** `{fact: borough, equals: E09000007}`: only in routing rules, where facts exist. */
  fact(value: Record<string, unknown>, path: Path): Condition | undefined {
    const operators = Object.keys(value).filter((k) => k !== "fact");
    const operator = operators[0];
    if (operators.length !== 1 || !["equals", "not-equals", "one-of", "known"].includes(operator)) {
      this.problem(
        path,
        'a fact comparison needs "fact" and exactly one of: equals, not-equals, one-of, known',
      );
      return undefined;
    }
    const fact = value.fact;
    if (typeof fact !== "string" || !(FACTS as readonly string[]).includes(fact)) {
      this.problem(
        [...path, "fact"],
        `fact must be one of: ${FACTS.join(", ")}, not ${describe(fact)}`,
      );
      return undefined;
    }
    if (operator === "known") {
      // `known: true`: we know where it happened (a postcode, or the area page it came from).
      const known = value.known;
      if (typeof known !== "boolean") {
        this.problem([...path, "known"], `known must be true or false, not ${describe(known)}`);
        return undefined;
      }
      return { kind: "fact", fact: fact as Fact, operator: "known", value: known };
    }
    const compared = this.compareValue(operator as CompareOperator, value[operator], [
      ...path,
      operator,
    ]);
    if (compared === undefined) return undefined;
    return {
      kind: "fact",
      fact: fact as Fact,
      operator: operator as "equals" | "not-equals" | "one-of",
      value: compared,
    };
  }

  branch(value: unknown, path: Path): Branch {
    const raw = this.map(value, path, "a branch", ["goto"], ["when"]) ?? {};
    const when = raw.when === undefined ? undefined : this.condition(raw.when, [...path, "when"]);
    return {
      goto: this.id(raw.goto, [...path, "goto"], "goto"),
      ...(when ? { when } : {}),
      position: this.source.position(path),
    };
  }

  exit(value: unknown, path: Path): ExitPage {
    const raw = this.map(value, path, "an exit page", ["id", "title", "body"], []) ?? {};
    return {
      id: this.id(raw.id, [...path, "id"], "an exit page id"),
      title: this.string(raw.title, [...path, "title"], "title") ?? "",
      body: this.string(raw.body, [...path, "body"], "body") ?? "",
      position: this.source.position(path),
    };
  }

  question(value: unknown, path: Path): Question {
    const common = [
      "hint",
      "optional",
      "short-description",
      "summary-label",
      "errors",
      "allow-dont-know",
      "dont-know-text",
    ];
    const typeName = isRecord(value) ? value.type : undefined;
    const type = isQuestionTypeName(typeName) ? questionTypes[typeName] : undefined;
    if (isRecord(value) && typeName !== undefined && !type) {
      this.problem(
        [...path, "type"],
        `unknown question type ${describe(typeName)}; expected one of: ${Object.keys(questionTypes).join(", ")}`,
      );
    }
    const settings = type?.settings ?? {};
    const raw =
      this.map(
        value,
        path,
        "a question",
        ["id", "type", "label"],
        [...common, ...(type ? Object.keys(settings) : Object.keys(isRecord(value) ? value : {}))],
      ) ?? {};
    const errors: Record<string, string> = {};
    if (raw.errors !== undefined) {
      const map = this.map(
        raw.errors,
        [...path, "errors"],
        "errors",
        [],
        Object.keys(isRecord(raw.errors) ? raw.errors : {}),
      );
      for (const [code, text] of Object.entries(map ?? {})) {
        const read = this.string(text, [...path, "errors", code], `the error message "${code}"`);
        if (read) errors[code] = read;
      }
    }
    const question: Question = {
      id: this.id(raw.id, [...path, "id"], "a question id"),
      type: type?.name ?? "short-text",
      label: this.string(raw.label, [...path, "label"], "label") ?? "",
      optional: this.boolean(raw.optional, [...path, "optional"], "optional") ?? false,
      errors,
      allowDontKnow:
        this.boolean(raw["allow-dont-know"], [...path, "allow-dont-know"], "allow-dont-know") ??
        false,
      dontKnowText:
        this.string(raw["dont-know-text"], [...path, "dont-know-text"], "dont-know-text") ??
        "I do not know",
      position: this.source.position(path),
    };
    const hint = this.string(raw.hint, [...path, "hint"], "hint");
    if (hint) question.hint = hint;
    const short = this.string(
      raw["short-description"],
      [...path, "short-description"],
      "short-description",
    );
    if (short) question.shortDescription = short;
    const summary = this.string(raw["summary-label"], [...path, "summary-label"], "summary-label");
    if (summary) question.summaryLabel = summary;
    for (const [key, kind] of Object.entries(settings)) {
      if (raw[key] !== undefined) this.setting(question, key, kind, raw[key], [...path, key]);
    }
    if (
      (question.type === "radios" || question.type === "checkboxes") &&
      raw.options === undefined
    ) {
      this.problem(path, `a ${question.type} question is missing "options"`);
    }
    return question;
  }

  setting(q: Question, key: string, kind: SettingKind, value: unknown, path: Path): void {
    const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Question;
    const target = q as Record<string, unknown>;
    switch (kind) {
      case "string":
        target[camel] = this.string(value, path, key);
        return;
      case "boolean":
        target[camel] = this.boolean(value, path, key);
        return;
      case "integer":
      case "number": {
        const n = this.number(value, path, key, kind === "integer");
        if (n !== undefined && key === "max-length" && n < 1)
          this.problem(path, "max-length must be 1 or more");
        target[camel] = n;
        return;
      }
      case "must-be":
        if (
          value === "past" ||
          value === "future" ||
          value === "today-or-past" ||
          value === "today-or-future"
        ) {
          q.mustBe = value;
        } else {
          this.problem(
            path,
            `must-be must be one of: past, future, today-or-past, today-or-future, not ${describe(value)}`,
          );
        }
        return;
      case "date-bound": {
        const bound = this.dateBound(value, path, key);
        if (bound) target[camel] = bound;
        return;
      }
      case "options":
        q.options = this.options(value, path, q.type === "checkboxes");
        return;
    }
  }

  dateBound(value: unknown, path: Path, what: string): DateBound | undefined {
    if (value === "today") return { today: true };
    if (typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) {
      return { date: value };
    }
    if (isRecord(value)) {
      const raw = this.map(value, path, what, ["question"], []);
      const id = raw && this.string(raw.question, [...path, "question"], "question");
      return id ? { question: id } : undefined;
    }
    this.problem(
      path,
      `${what} must be a date like 2024-01-31, today, or { question: a-date-question }`,
    );
    return undefined;
  }

  options(value: unknown, path: Path, exclusiveAllowed: boolean): Option[] {
    const list = this.list(value, path, "options");
    if (Array.isArray(value) && list.length === 0)
      this.problem(path, "options needs at least one option");
    const seen = new Set<string>();
    return list.map((item, i) => {
      const at = [...path, i];
      const raw =
        this.map(
          item,
          at,
          "an option",
          ["value", "text"],
          ["hint", "divider-before", "exclusive"],
        ) ?? {};
      const optionValue =
        this.string(
          typeof raw.value === "number" ? String(raw.value) : raw.value,
          [...at, "value"],
          "value",
        ) ?? "";
      if (seen.has(optionValue))
        this.problem([...at, "value"], `the option value "${optionValue}" is used twice`);
      if (optionValue === "dont-know") {
        this.problem(
          [...at, "value"],
          'the option value "dont-know" is reserved: use allow-dont-know: true',
        );
      }
      seen.add(optionValue);
      const option: Option = {
        value: optionValue,
        text: this.string(raw.text, [...at, "text"], "text") ?? "",
      };
      const hint = this.string(raw.hint, [...at, "hint"], "hint");
      if (hint) option.hint = hint;
      if (this.boolean(raw["divider-before"], [...at, "divider-before"], "divider-before"))
        option.dividerBefore = true;
      if (this.boolean(raw.exclusive, [...at, "exclusive"], "exclusive")) {
        if (exclusiveAllowed) option.exclusive = true;
        else this.problem([...at, "exclusive"], "exclusive is only for checkboxes", true);
      }
      return option;
    });
  }

  condition(value: unknown, path: Path, factsAllowed = false): Condition | undefined {
    if (!isRecord(value)) {
      this.problem(path, `a condition must be a map of keys, not ${describe(value)}`);
      return undefined;
    }
    if ("fact" in value) {
      if (!factsAllowed) {
        this.problem(
          [...path, "fact"],
          "facts (where it happened) can only be used in routing rules",
        );
        return undefined;
      }
      return this.fact(value, path);
    }
    if ("question" in value) {
      const operators = Object.keys(value).filter((k) => k !== "question");
      const operator = operators[0] as CompareOperator;
      if (operators.length !== 1 || !COMPARE_OPERATORS.includes(operator)) {
        this.problem(
          path,
          `a comparison needs "question" and exactly one of: ${COMPARE_OPERATORS.join(", ")}`,
        );
        return undefined;
      }
      const question = this.id(value.question, [...path, "question"], "question");
      const compared = this.compareValue(operator, value[operator], [...path, operator]);
      return compared === undefined
        ? undefined
        : { kind: "compare", question, operator, value: compared };
    }
    const keys = Object.keys(value);
    const kinds = ["answered", "not-answered", "all", "any", "not", "condition"];
    if (keys.length !== 1 || !kinds.includes(keys[0])) {
      this.problem(
        path,
        `a condition must be a comparison ({question, equals: …}) or one of: ${kinds.join(", ")}`,
      );
      return undefined;
    }
    const [key] = keys;
    const at = [...path, key];
    switch (key) {
      case "answered":
      case "not-answered":
        return { kind: key, question: this.id(value[key], at, key) };
      case "condition":
        return { kind: "named", name: this.id(value[key], at, "condition") };
      case "not": {
        const inner = this.condition(value[key], at, factsAllowed);
        return inner && { kind: "not", condition: inner };
      }
      default: {
        const list = this.list(value[key], at, key);
        if (Array.isArray(value[key]) && list.length === 0)
          this.problem(at, `${key} needs at least one condition`);
        const conditions = list.map((c, i) => this.condition(c, [...at, i], factsAllowed));
        if (conditions.some((c) => c === undefined)) return undefined;
        return { kind: key as "all" | "any", conditions: conditions as Condition[] };
      }
    }
  }

  compareValue(operator: CompareOperator, value: unknown, path: Path): ConditionValue | undefined {
    const scalar = (v: unknown) =>
      typeof v === "string" || typeof v === "number" || typeof v === "boolean";
    switch (operator) {
      case "equals":
      case "not-equals":
        if (scalar(value)) return value as ConditionValue;
        break;
      case "contains":
        if (typeof value === "string" || typeof value === "number") return value;
        break;
      case "one-of":
        if (
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((v) => typeof v === "string" || typeof v === "number")
        ) {
          return value as Array<string | number>;
        }
        break;
      case "before":
      case "after":
        if (value === "today" || (typeof value === "string" && ISO_DATE.test(value))) return value;
        this.problem(
          path,
          `${operator} must be a date like 2024-01-31 or today, not ${describe(value)}`,
        );
        return undefined;
      case "less-than":
      case "greater-than":
        if (typeof value === "number" && Number.isFinite(value)) return value;
        this.problem(path, `${operator} must be a number, not ${describe(value)}`);
        return undefined;
    }
    this.problem(
      path,
      `${operator} must be ${operator === "one-of" ? "a list of values" : "a single value"}, not ${describe(value)}`,
    );
    return undefined;
  }
}
