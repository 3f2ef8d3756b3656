// Answers a member of the public could post, for every question type: valid ones, chosen to
// fall on both sides of every condition the form branches on, and invalid ones that should
// bring back the page with an error. The journey planner (planner.ts) picks among the valid
// ones to take every branch; the HTTP and browser suites post them.
//
// Bodies are what a browser sends: field name to value, a repeated field (checkboxes) as a
// list. Whether a body is valid can depend on other answers (a date that must be after
// another date), so the planner keeps only the ones acceptAnswer takes at that point.
import {
  type Answer,
  type Answers,
  acceptAnswer,
  type CompareOperator,
  type Condition,
  type ConditionValue,
  type FormDefinition,
  type Page,
  type Question,
} from "../../src/forms/engine/index.ts";
import { TIMES_OF_DAY } from "../../src/forms/questions/approximate-time.ts";
import { DONT_KNOW_VALUE, fieldNames } from "../../src/forms/questions/index.ts";
import { MONTH_NAMES } from "../../src/platform/uk-time.ts";

export type Body = Record<string, string | string[]>;

/** A body the page must refuse, and the typed values it must show again. */
export type InvalidBody = { body: Body; why: string; kept: string[] };

type Comparison = { operator: CompareOperator; value: ConditionValue };

const CHOICE_TYPES = new Set(["yes-no", "radios", "approximate-time", "checkboxes"]);

// ---- dates ------------------------------------------------------------------------------

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The three boxes for a date, typed three ways people do: "3 6 2025", "03 06 2025", "3 June 2025". */
function dateBody(q: Question, iso: string, style: number): Body {
  const [year, month, day] = iso.split("-");
  const parts =
    style % 3 === 0
      ? [String(Number(day)), String(Number(month)), year]
      : style % 3 === 1
        ? [day, month, year]
        : [String(Number(day)), MONTH_NAMES[Number(month) - 1], year];
  return { [`${q.id}-day`]: parts[0], [`${q.id}-month`]: parts[1], [`${q.id}-year`]: parts[2] };
}

// ---- what the form branches on ----------------------------------------------------------

function conditionsOf(form: FormDefinition): Condition[] {
  return [
    ...Object.values(form.conditions),
    ...form.pages.flatMap((p) => p.next.flatMap((b) => (b.when ? [b.when] : []))),
  ];
}

function walkCondition(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  if (condition.kind === "all" || condition.kind === "any")
    for (const c of condition.conditions) walkCondition(c, visit);
  if (condition.kind === "not") walkCondition(condition.condition, visit);
}

/** Every comparison the form makes on each question, so values can fall on both sides. */
export function comparisonsByQuestion(form: FormDefinition): Map<string, Comparison[]> {
  const found = new Map<string, Comparison[]>();
  for (const condition of conditionsOf(form)) {
    walkCondition(condition, (c) => {
      if (c.kind !== "compare") return;
      const list = found.get(c.question) ?? [];
      list.push({ operator: c.operator, value: c.value });
      found.set(c.question, list);
    });
  }
  return found;
}

/** The questions a condition reads, following named conditions. */
export function questionsInCondition(form: FormDefinition, condition: Condition): Set<string> {
  const ids = new Set<string>();
  const seen = new Set<string>();
  const visit = (c: Condition) => {
    if (c.kind === "compare" || c.kind === "answered" || c.kind === "not-answered")
      ids.add(c.question);
    if (c.kind === "named" && !seen.has(c.name)) {
      seen.add(c.name);
      const named = form.conditions[c.name];
      if (named) walkCondition(named, visit);
    }
  };
  walkCondition(condition, visit);
  return ids;
}

const valuesOf = (value: ConditionValue): Array<string | number | boolean> =>
  Array.isArray(value) ? value : [value];

// ---- valid answers ----------------------------------------------------------------------

const SHORT_TEXTS = [
  "AB12 CDE",
  "LT51 ZXR",
  "A blue Ford Fiesta with a dented door",
  "Zoë’s Café & Bar <Camden>",
];

const LONG_TEXTS = [
  "It happened outside the station,\r\nnear the bus stop.",
  "They took my bag from the table at about 9pm. The café said it has “CCTV” & they’d keep the recording <for us>.",
];

function dedupe(bodies: Body[]): Body[] {
  const seen = new Set<string>();
  return bodies.filter((b) => {
    const key = JSON.stringify(b);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pounds(pence: number): string {
  return (pence / 100).toFixed(2);
}

/**
 * Bodies that a person could validly post for one question. `today` anchors the dates.
 * Some may still be refused at a given point in a journey (a date bound by another answer).
 */
export function validBodies(form: FormDefinition, q: Question, today: string): Body[] {
  const one = (value: string): Body => ({ [q.id]: value });
  const comparisons = comparisonsByQuestion(form).get(q.id) ?? [];
  const bodies: Body[] = [];
  switch (q.type) {
    case "yes-no":
      bodies.push(one("yes"), one("no"));
      break;
    case "radios":
    case "approximate-time":
      for (const o of q.options ?? TIMES_OF_DAY) bodies.push(one(o.value));
      break;
    case "checkboxes": {
      const options = q.options ?? [];
      const inclusive = options.filter((o) => !o.exclusive).map((o) => o.value);
      for (const o of options) bodies.push({ [q.id]: [o.value] });
      if (inclusive.length > 1) bodies.push({ [q.id]: inclusive });
      for (const c of comparisons) {
        const named = valuesOf(c.value)
          .map(String)
          .filter((v) => inclusive.includes(v));
        if (named.length > 1) bodies.push({ [q.id]: named });
        const outside = inclusive.find((v) => !named.includes(v));
        if (named.length > 0 && outside) bodies.push({ [q.id]: [named[0], outside] });
      }
      break;
    }
    case "date": {
      const dates = [0, -1, -45, -400, -3650].map((days) => addDays(today, days));
      if (q.mustBe === "future" || q.mustBe === "today-or-future")
        dates.push(addDays(today, 1), addDays(today, 30));
      if (q.after && "date" in q.after) dates.push(addDays(q.after.date, 1));
      if (q.before && "date" in q.before) dates.push(addDays(q.before.date, -1));
      for (const c of comparisons) {
        if (c.operator !== "before" && c.operator !== "after") continue;
        const iso = c.value === "today" ? today : String(c.value);
        dates.push(addDays(iso, -1), iso, addDays(iso, 1));
      }
      // Dates outside the question's fixed bounds are for invalidBodies; a bound that names
      // another question depends on that answer, so the planner filters those.
      const inBounds = (iso: string) =>
        (q.mustBe !== "past" || iso < today) &&
        (q.mustBe !== "today-or-past" || iso <= today) &&
        (q.mustBe !== "future" || iso > today) &&
        (q.mustBe !== "today-or-future" || iso >= today) &&
        !(q.after && "date" in q.after && iso <= q.after.date) &&
        !(q.before && "date" in q.before && iso >= q.before.date) &&
        !(q.after && "today" in q.after && iso <= today) &&
        !(q.before && "today" in q.before && iso >= today);
      dates.filter(inBounds).forEach((iso, i) => {
        bodies.push(dateBody(q, iso, i));
      });
      break;
    }
    case "whole-number": {
      const low = q.min ?? 0;
      const numbers = [low, low + 1, low + 2];
      if (q.max !== undefined) numbers.push(q.max);
      for (const c of comparisons) {
        for (const v of valuesOf(c.value)) {
          if (typeof v === "number") numbers.push(v - 1, v, v + 1);
        }
      }
      for (const n of numbers) {
        if (n >= (q.min ?? Number.NEGATIVE_INFINITY) && n <= (q.max ?? Number.POSITIVE_INFINITY))
          bodies.push(one(String(n)));
      }
      if ((q.max ?? Number.POSITIVE_INFINITY) >= 1200 && low <= 1200) bodies.push(one(" 1,200 "));
      break;
    }
    case "money": {
      bodies.push(one("25.50"), one("£2,000"), one("0.99"));
      if (q.min !== undefined) bodies.push(one(pounds(Math.round(q.min * 100))));
      if (q.max !== undefined) bodies.push(one(`£${q.max.toLocaleString("en-GB")}`));
      for (const c of comparisons) {
        for (const v of valuesOf(c.value)) {
          if (typeof v !== "number") continue;
          const pence = Math.round(v * 100);
          for (const p of [pence - 1, pence, pence + 1]) {
            const inRange =
              p >= Math.round((q.min ?? 0) * 100) &&
              (q.max === undefined || p <= Math.round(q.max * 100));
            if (inRange) bodies.push(one(pounds(p)));
          }
        }
      }
      break;
    }
    case "short-text": {
      const max = q.maxLength ?? 200;
      const texts = [...SHORT_TEXTS, "W".repeat(max)];
      for (const c of comparisons) if (c.operator === "contains") texts.push(`it had ${c.value}`);
      for (const text of texts) if (text.length <= max) bodies.push(one(text));
      break;
    }
    case "long-text": {
      const max = q.maxLength ?? 2000;
      const texts = [...LONG_TEXTS, "Y".repeat(max)];
      for (const c of comparisons) if (c.operator === "contains") texts.push(`It was ${c.value}.`);
      for (const text of texts) if (text.length <= max) bodies.push(one(text));
      break;
    }
    case "email":
      bodies.push(one("sam.smith@example.com"), one(" Zoe.O'Brien+police@Example.CO.UK "));
      break;
    case "uk-phone":
      bodies.push(one("07700 900982"), one("+44 (0)20 7946 0958"), one("0161 496 0000"));
      break;
    case "uk-postcode":
      bodies.push(one("sw1a 2aa"), one("M1 1AE"), one("EH12NG"));
      break;
    case "uk-address":
      bodies.push(
        {
          [`${q.id}-line-1`]: "1 High Street",
          [`${q.id}-line-2`]: "",
          [`${q.id}-town`]: "London",
          [`${q.id}-postcode`]: "e1 6an",
        },
        {
          [`${q.id}-line-1`]: "Flat 2, Zoë House",
          [`${q.id}-line-2`]: "12 O'Connell Road",
          [`${q.id}-town`]: "Manchester",
          [`${q.id}-postcode`]: "M1 1AE",
        },
      );
      break;
    case "full-name":
      bodies.push(
        { [`${q.id}-first`]: "Sam", [`${q.id}-last`]: "Smith" },
        { [`${q.id}-first`]: "Zoë", [`${q.id}-last`]: "O'Brien-Ng" },
      );
      break;
  }
  if (q.allowDontKnow) {
    if (q.type === "checkboxes") bodies.push({ [q.id]: [DONT_KNOW_VALUE] });
    else if (CHOICE_TYPES.has(q.type)) bodies.push(one(DONT_KNOW_VALUE));
    else bodies.push({ ...blankBody(q), [`${q.id}-dont-know`]: "yes" });
  }
  if (q.optional) bodies.push(blankBody(q));
  return dedupe(bodies);
}

/** What a browser posts when nothing is filled in: text boxes empty, choices absent. */
export function blankBody(q: Question): Body {
  if (CHOICE_TYPES.has(q.type)) return {};
  return Object.fromEntries(
    fieldNames(q)
      .filter((name) => name !== `${q.id}-dont-know`)
      .map((name) => [name, ""]),
  );
}

// ---- invalid answers --------------------------------------------------------------------

/** Bodies the question must refuse, each with the words it should show again. */
export function invalidBodies(form: FormDefinition, q: Question, today: string): InvalidBody[] {
  const one = (value: string, why: string, kept = true): InvalidBody => ({
    body: { [q.id]: value },
    why,
    kept: kept ? [value] : [],
  });
  const found: InvalidBody[] = [];
  if (!q.optional) found.push({ body: blankBody(q), why: "left blank", kept: [] });
  switch (q.type) {
    case "yes-no":
    case "radios":
    case "approximate-time":
      found.push(one("not-an-option", "a value that is not an option", false));
      break;
    case "checkboxes": {
      found.push({ body: { [q.id]: ["not-an-option"] }, why: "not an option", kept: [] });
      const exclusive = q.options?.find((o) => o.exclusive);
      const other = q.options?.find((o) => !o.exclusive);
      if (exclusive && other) {
        found.push({
          body: { [q.id]: [other.value, exclusive.value] },
          why: `"${exclusive.text}" with another`,
          kept: [],
        });
      }
      if (q.allowDontKnow && other) {
        found.push({
          body: { [q.id]: [other.value, DONT_KNOW_VALUE] },
          why: "an answer and “I do not know”",
          kept: [],
        });
      }
      break;
    }
    case "short-text":
    case "long-text": {
      const max = q.maxLength ?? (q.type === "short-text" ? 200 : 2000);
      found.push(one("Z".repeat(max + 1), "too long"));
      break;
    }
    case "whole-number":
      found.push(one("three", "words"), one("2.5", "not whole"));
      if (q.min !== undefined) found.push(one(String(q.min - 1), "below the minimum"));
      if (q.max !== undefined) found.push(one(String(q.max + 1), "above the maximum"));
      break;
    case "money":
      found.push(one("lots of money", "words"), one("12.345", "fractions of a penny"));
      if (q.max !== undefined) found.push(one(pounds(Math.round(q.max * 100) + 1), "too much"));
      if (q.min !== undefined && q.min > 0)
        found.push(one(pounds(Math.round(q.min * 100) - 1), "too little"));
      break;
    case "date": {
      const parts = (day: string, month: string, year: string): Body => ({
        [`${q.id}-day`]: day,
        [`${q.id}-month`]: month,
        [`${q.id}-year`]: year,
      });
      found.push(
        { body: parts("12", "", "2024"), why: "no month", kept: ["2024"] },
        { body: parts("31", "2", "2024"), why: "31 February", kept: ["31"] },
        { body: parts("3", "Smarch", "2024"), why: "not a month", kept: ["Smarch"] },
        { body: parts("3", "6", "24"), why: "a 2-digit year", kept: ["24"] },
      );
      if (q.mustBe === "past" || q.mustBe === "today-or-past") {
        const [y, m, d] = addDays(today, 10).split("-");
        found.push({ body: parts(d, m, y), why: "in the future", kept: [y] });
      }
      if (q.after && "date" in q.after) {
        const [y, m, d] = q.after.date.split("-");
        found.push({ body: parts(d, m, y), why: "on the 'after' bound", kept: [y] });
      }
      break;
    }
    case "email":
      found.push(one("sam.smith.example.com", "no @"));
      break;
    case "uk-phone":
      found.push(one("12345", "too short"), one("+1 212 555 0100", "not a UK number"));
      break;
    case "uk-postcode":
      found.push(one("NOT A CODE", "not a postcode"));
      break;
    case "uk-address":
      found.push(
        {
          body: {
            [`${q.id}-line-1`]: "1 High Street",
            [`${q.id}-town`]: "",
            [`${q.id}-postcode`]: "E1 6AN",
          },
          why: "no town",
          kept: ["1 High Street", "E1 6AN"],
        },
        {
          body: {
            [`${q.id}-line-1`]: "1 High Street",
            [`${q.id}-town`]: "London",
            [`${q.id}-postcode`]: "ZZ1",
          },
          why: "a bad postcode",
          kept: ["1 High Street", "London", "ZZ1"],
        },
      );
      break;
    case "full-name":
      found.push(
        {
          body: { [`${q.id}-first`]: "Sam", [`${q.id}-last`]: "" },
          why: "no last name",
          kept: ["Sam"],
        },
        {
          body: { [`${q.id}-first`]: "N".repeat(101), [`${q.id}-last`]: "Smith" },
          why: "a first name too long",
          kept: ["Smith"],
        },
      );
      break;
  }
  if (q.allowDontKnow && !CHOICE_TYPES.has(q.type)) {
    const answer = validBodies(form, q, today).find((b) => !(`${q.id}-dont-know` in b));
    if (answer) {
      found.push({
        body: { ...answer, [`${q.id}-dont-know`]: "yes" },
        why: "an answer and “I do not know”",
        kept: [],
      });
    }
  }
  return found;
}

// ---- pages ------------------------------------------------------------------------------

/**
 * Bodies for a whole page. Shipped pages ask one question each; a page with several gets
 * each question's candidates in turn, with the first candidate for the others.
 */
export function pageBodies(form: FormDefinition, page: Page, today: string): Body[] {
  const each = page.questions.map((q) => validBodies(form, q, today));
  if (each.length === 1) return each[0];
  const firsts = each.map((list) => list[0] ?? {});
  const bodies: Body[] = [];
  each.forEach((list, i) => {
    for (const body of list) bodies.push(Object.assign({}, ...firsts.toSpliced(i, 1, body)));
  });
  return dedupe(bodies);
}

/** Invalid bodies for a page: one question wrong, the others answered. */
export function pageInvalidBodies(form: FormDefinition, page: Page, today: string): InvalidBody[] {
  const firsts = page.questions.map((q) => validBodies(form, q, today)[0] ?? {});
  return page.questions.flatMap((q, i) =>
    invalidBodies(form, q, today).map((invalid) => ({
      ...invalid,
      body: Object.assign({}, ...firsts.toSpliced(i, 1, invalid.body)),
    })),
  );
}

export type AcceptedBody = { body: Body; accepted: Record<string, Answer | null> };

/** The page's candidate bodies that the engine accepts with these answers so far. */
export function acceptedBodies(
  form: FormDefinition,
  page: Page,
  answers: Answers,
  today: string,
): { accepted: AcceptedBody[]; refused: Array<{ body: Body; errors: string[] }> } {
  const accepted: AcceptedBody[] = [];
  const refused: Array<{ body: Body; errors: string[] }> = [];
  for (const body of pageBodies(form, page, today)) {
    const result = acceptAnswer(form, page.id, body, { answers, today });
    if (result.ok) accepted.push({ body, accepted: result.answers });
    else refused.push({ body, errors: result.errors.map((e) => e.text) });
  }
  return { accepted, refused };
}
