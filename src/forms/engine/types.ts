// The shapes a form definition takes once loaded. YAML keys are kebab-case
// (`allow-dont-know`); here they are camelCase. The loader is the only producer
// of these objects, so everything downstream may trust them.

/** Where a node sits in its YAML file, 1-based, for the checker and error messages. */
export type SourcePosition = { line: number; column: number };

/** One value as the public gave it, after normalisation. JSON-safe: it is stored. */
export type Answer = string | number | string[] | DontKnow | { readonly [part: string]: string };

/** The answer "I do not know", kept distinct from anything a person could type. */
export type DontKnow = { readonly dontKnow: true };

/**
 * Answers keyed by question id. `null` means the page was answered but an
 * optional question was left blank: the key's presence is what makes a page answered.
 */
export type Answers = Readonly<Record<string, Answer | null>>;

/** The raw POST body as @fastify/formbody gives it. */
export type RawBody = Readonly<Record<string, unknown>>;

/** What a person typed, kept to re-display it after an error. */
export type RawInput = Record<string, string | string[]>;

export type QuestionTypeName =
  | "short-text"
  | "long-text"
  | "whole-number"
  | "money"
  | "yes-no"
  | "radios"
  | "checkboxes"
  | "date"
  | "approximate-time"
  | "email"
  | "uk-phone"
  | "uk-postcode"
  | "uk-address"
  | "full-name";

export type Option = {
  value: string;
  text: string;
  hint?: string;
  /** Draws the "or" divider before this option. */
  dividerBefore?: boolean;
  /** Checkboxes only: unticks the others (the "None" option). */
  exclusive?: boolean;
};

/** A date bound: a fixed ISO date, `today`, or another date question's answer. */
export type DateBound = { date: string } | { today: true } | { question: string };

export type Question = {
  id: string;
  type: QuestionTypeName;
  label: string;
  hint?: string;
  optional: boolean;
  /** Words that finish "Enter …" / "Select …" in error messages: "the date the theft happened". */
  shortDescription?: string;
  /** The key on check your answers; defaults to the label. */
  summaryLabel?: string;
  /** Per-question replacements for error messages, keyed by the type's error code. */
  errors: Readonly<Record<string, string>>;
  allowDontKnow: boolean;
  dontKnowText: string;
  // Type-specific settings; the loader rejects a setting the type does not own.
  options?: Option[];
  maxLength?: number;
  rows?: number;
  min?: number;
  max?: number;
  prefix?: string;
  suffix?: string;
  width?: string;
  autocomplete?: string;
  inline?: boolean;
  mustBe?: "past" | "future" | "today-or-past" | "today-or-future";
  after?: DateBound;
  before?: DateBound;
  /** Where in its YAML file this question is written. */
  position?: SourcePosition;
};

export type CompareOperator =
  | "equals"
  | "not-equals"
  | "one-of"
  | "contains"
  | "before"
  | "after"
  | "less-than"
  | "greater-than";

export type ConditionValue = string | number | boolean | Array<string | number>;

export type Condition =
  | { kind: "compare"; question: string; operator: CompareOperator; value: ConditionValue }
  | { kind: "answered"; question: string }
  | { kind: "not-answered"; question: string }
  | { kind: "all"; conditions: Condition[] }
  | { kind: "any"; conditions: Condition[] }
  | { kind: "not"; condition: Condition }
  | { kind: "named"; name: string }
  /** Routing only: a fact derived from the answers, such as the borough of a postcode. */
  | {
      kind: "fact";
      fact: Fact;
      /** `known` (value true or false): whether the fact is known at all. */
      operator: "equals" | "not-equals" | "one-of" | "known";
      value: ConditionValue;
    };

/**
 * Facts derived from the answers by the site, not asked: where it happened, from the first
 * postcode or address on the path. Codes are ONS GSS codes (E09… boroughs, E05… wards).
 * `area-source` says where that area came from: `answers` (the postcode data placed what
 * the person told us) or `link` (they told us nothing of where, and the link they started
 * from carried an area).
 */
export const FACTS = [
  "borough",
  "borough-name",
  "neighbourhood",
  "neighbourhood-name",
  "area-source",
] as const;
export type Fact = (typeof FACTS)[number];
export type Facts = Partial<Record<Fact, string>>;

/**
 * Where a submission's case goes: the first rule whose `when` holds (the last has none).
 * `queue` is a team id, or `local-neighbourhood-team`: the team for the area it happened
 * in, when one exists (otherwise the next rule applies).
 */
export type RoutingRule = { when?: Condition; queue: string; position?: SourcePosition };

/** The queue that means "the neighbourhood team for where it happened". */
export const LOCAL_NEIGHBOURHOOD_TEAM = "local-neighbourhood-team";

/**
 * A value a link may fill in when it starts the journey (`prefill:`), e.g. the crime category
 * from an area page. A question parameter suggests an answer: the page still asks it, with the
 * suggestion already selected. The area parameter is context, not an answer: a neighbourhood
 * or borough code the site looks up, shown on check your answers and used for routing when no
 * location question was answered.
 */
export type PrefillParameter =
  | {
      name: string;
      kind: "question";
      question: string;
      /** The link's value → the value given to the question; without it, the value as it is. */
      values?: Readonly<Record<string, string>>;
      position?: SourcePosition;
    }
  | { name: string; kind: "area"; position?: SourcePosition };

/** What a start link filled in, once checked: suggested answers and the area's code. */
export type Prefill = { answers: Record<string, Answer>; area?: string };

/** A branch: go to `goto` when `when` holds; the last branch has no `when`. */
export type Branch = { when?: Condition; goto: string; position?: SourcePosition };

/** The special goto target that ends the questions. */
export const CHECK_ANSWERS = "check-answers";

export type Page = {
  id: string;
  /** The page heading when it differs from the question label (or there are several questions). */
  title?: string;
  /** Paragraphs shown above the questions. */
  body?: string;
  questions: Question[];
  next: Branch[];
  position?: SourcePosition;
};

/** A page that ends the journey with advice, e.g. Call 999 now. */
export type ExitPage = {
  id: string;
  title: string;
  /** Plain text: paragraphs split by blank lines; lines starting "- " form a list. */
  body: string;
  position?: SourcePosition;
};

export type FormDefinition = {
  id: string;
  title: string;
  version: number;
  /** Sensitive journeys show "Exit this page" on every page. */
  sensitive: boolean;
  description: string;
  start: string;
  conditions: Readonly<Record<string, Condition>>;
  pages: Page[];
  exits: ExitPage[];
  checkAnswers: { title: string; body?: string };
  declaration: string;
  confirmation: { title: string; whatHappensNext: string };
  /** Which team's queue a submission goes to. */
  routing: RoutingRule[];
  /**
   * The postcode or address questions that say where it happened, in order of preference.
   * The first one answered gives the facts (borough, neighbourhood) that routing can use.
   */
  location: string[];
  /** What a link to the start page may fill in; empty when nothing. */
  prefill: PrefillParameter[];
  /** The file it was loaded from, when loaded from a file. */
  file?: string;
};

/** Something the public got wrong on a page, in the GOV.UK error summary shape. */
export type FieldError = {
  /** The question it belongs to. */
  question: string;
  /** The form field name, e.g. `when-month`. */
  field: string;
  /** The link target in the error summary, e.g. `#when-month`. */
  href: string;
  text: string;
};

/** One govuk-frontend macro call; `children` render inside it (a fieldset's inputs). */
export type ComponentView = {
  macro: MacroName;
  params: Record<string, unknown>;
  children?: ComponentView[];
};

export type MacroName =
  | "govukInput"
  | "govukTextarea"
  | "govukCharacterCount"
  | "govukRadios"
  | "govukCheckboxes"
  | "govukDateInput"
  | "govukFieldset"
  | "govukHint";
