import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Question, QuestionTypeName, RawBody } from "../engine/types.ts";
import { acceptQuestion, DONT_KNOW, questionView, summaryLines } from "./index.ts";

const TODAY = "2025-06-15";

function question(type: QuestionTypeName, extra: Partial<Question> = {}): Question {
  return {
    id: "q",
    type,
    label: "The question?",
    optional: false,
    errors: {},
    allowDontKnow: false,
    dontKnowText: "I do not know",
    ...extra,
  };
}

function accept(q: Question, body: RawBody, answers = {}) {
  return acceptQuestion(q, body, { today: TODAY, answers });
}

function value(q: Question, body: RawBody) {
  const result = accept(q, body);
  assert.ok(
    result.ok,
    `expected ${JSON.stringify(body)} to be accepted: ${JSON.stringify(result)}`,
  );
  return result.value;
}

function error(q: Question, body: RawBody, answers = {}) {
  const result = accept(q, body, answers);
  assert.ok(!result.ok, `expected ${JSON.stringify(body)} to be refused`);
  assert.equal(result.errors.length >= 1, true);
  return result.errors[0];
}

describe("short-text", () => {
  const q = question("short-text", { shortDescription: "the name of the shop", maxLength: 12 });
  it("trims and collapses spaces", () =>
    assert.equal(value(q, { q: "  Corner   Shop " }), "Corner Shop"));
  it("asks for the answer in the question's words", () => {
    assert.deepEqual(error(q, { q: "   " }), {
      question: "q",
      field: "q",
      href: "#q",
      text: "Enter the name of the shop",
    });
  });
  it("refuses text over the limit", () =>
    assert.equal(
      error(q, { q: "x".repeat(13) }).text,
      "The name of the shop must be 12 characters or less",
    ));
  it("uses a per-question override", () =>
    assert.equal(
      error({ ...q, errors: { required: "Tell us the shop" } }, {}).text,
      "Tell us the shop",
    ));
  it("takes the first of repeated fields and ignores non-strings", () => {
    assert.equal(value(q, { q: ["a", "b"] }), "a");
    assert.equal(error(q, { q: { nested: true } }).text, "Enter the name of the shop");
  });
  it("keeps what was typed for the page", () => {
    const [input] = questionView(q, { raw: { q: "typed" }, errors: [], isPageHeading: true });
    assert.equal(input.macro, "govukInput");
    assert.equal(input.params.value, "typed");
    assert.deepEqual(input.params.label, {
      text: "The question?",
      isPageHeading: true,
      classes: "govuk-label--l",
    });
  });
  it("leaves an optional question blank as null and says so in the summary", () => {
    const optional = { ...q, optional: true };
    assert.equal(value(optional, { q: "" }), null);
    assert.deepEqual(summaryLines(optional, null), ["Not given"]);
    const [input] = questionView(optional, { errors: [], isPageHeading: false });
    assert.equal((input.params.label as { text: string }).text, "The question? (optional)");
  });
});

describe("long-text", () => {
  const q = question("long-text", { shortDescription: "what happened", maxLength: 5 });
  it("counts a CRLF line break as one character", () =>
    assert.equal(value(q, { q: "ab\r\ncd" }), "ab\ncd"));
  it("refuses text over the limit", () =>
    assert.equal(error(q, { q: "abcdef" }).text, "What happened must be 5 characters or less"));
  it("shows a character count and splits lines in the summary", () => {
    const [view] = questionView(q, { value: "a\nb", errors: [], isPageHeading: true });
    assert.equal(view.macro, "govukCharacterCount");
    assert.equal(view.params.maxlength, 5);
    assert.deepEqual(summaryLines(q, "a\nb"), ["a", "b"]);
  });
});

describe("whole-number", () => {
  const q = question("whole-number", { shortDescription: "how many vehicles", min: 1, max: 20 });
  it("forgives commas and spaces", () => {
    assert.equal(value(q, { q: " 1 2 " }), 12);
    assert.equal(value({ ...q, max: undefined }, { q: "1,200" }), 1200);
  });
  it("refuses decimals and words", () => {
    assert.equal(error(q, { q: "2.5" }).text, "How many vehicles must be a whole number");
    assert.equal(error(q, { q: "two" }).text, "How many vehicles must be a whole number");
  });
  it("applies min and max", () => {
    assert.equal(error(q, { q: "0" }).text, "How many vehicles must be 1 or more");
    assert.equal(error(q, { q: "21" }).text, "How many vehicles must be 20 or less");
  });
});

describe("money", () => {
  const q = question("money", { shortDescription: "how much it was worth", max: 1000 });
  it("stores pence", () => {
    assert.equal(value(q, { q: "£25" }), 2500);
    assert.equal(value(q, { q: "25.5" }), 2550);
    assert.equal(value(q, { q: "1,000.00" }), 100000);
    assert.equal(value(q, { q: "0.07" }), 7);
  });
  it("refuses more than two decimal places and words", () => {
    assert.equal(
      error(q, { q: "2.555" }).text,
      "How much it was worth must be an amount of money, like 25 or 25.50",
    );
    assert.equal(
      error(q, { q: "lots" }).text,
      "How much it was worth must be an amount of money, like 25 or 25.50",
    );
  });
  it("applies the maximum in pounds", () =>
    assert.equal(error(q, { q: "1000.01" }).text, "How much it was worth must be £1,000 or less"));
  it("summarises in pounds and re-displays without the symbol", () => {
    assert.deepEqual(summaryLines(q, 123450), ["£1,234.50"]);
    const [view] = questionView(q, { value: 123450, errors: [], isPageHeading: true });
    assert.equal(view.params.value, "1234.50");
  });
});

describe("yes-no", () => {
  const q = question("yes-no", { shortDescription: "anyone is in danger" });
  it("accepts yes and no", () => {
    assert.equal(value(q, { q: "yes" }), "yes");
    assert.equal(value(q, { q: "no" }), "no");
  });
  it("says 'Select yes if …' and treats a tampered value as no answer", () => {
    assert.equal(error(q, {}).text, "Select yes if anyone is in danger");
    assert.equal(error(q, { q: "maybe" }).text, "Select yes if anyone is in danger");
    assert.equal(error(question("yes-no"), {}).text, "Select yes or no");
  });
  it("draws inline radios with the legend as the heading, linked by #q", () => {
    const [view] = questionView(q, { value: "yes", errors: [], isPageHeading: true });
    assert.equal(view.macro, "govukRadios");
    assert.equal(view.params.idPrefix, "q");
    assert.equal(view.params.classes, "govuk-radios--inline");
    const items = view.params.items as Array<{ value: string; checked: boolean }>;
    assert.deepEqual(
      items.map((i) => i.checked),
      [true, false],
    );
  });
});

describe("radios", () => {
  const q = question("radios", {
    shortDescription: "what happened",
    allowDontKnow: true,
    options: [
      { value: "a", text: "A" },
      { value: "b", text: "B", dividerBefore: true },
    ],
  });
  it("accepts an option and refuses anything else", () => {
    assert.equal(value(q, { q: "b" }), "b");
    assert.equal(error(q, { q: "c" }).text, "Select what happened");
  });
  it("stores I do not know distinctly", () => {
    assert.deepEqual(value(q, { q: "dont-know" }), DONT_KNOW);
    assert.deepEqual(summaryLines(q, DONT_KNOW), ["I do not know"]);
  });
  it("draws the dividers and the I do not know option last", () => {
    const [view] = questionView(q, { value: DONT_KNOW, errors: [], isPageHeading: true });
    const items = view.params.items as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((i) => i.divider ?? i.value),
      ["a", "or", "b", "or", "dont-know"],
    );
    assert.equal(items[4].checked, true);
  });
  it("summarises with the option's text", () => assert.deepEqual(summaryLines(q, "a"), ["A"]));
});

describe("checkboxes", () => {
  const q = question("checkboxes", {
    shortDescription: "what was stolen",
    options: [
      { value: "phone", text: "A phone" },
      { value: "bag", text: "A bag" },
      { value: "none", text: "None of these", exclusive: true, dividerBefore: true },
    ],
  });
  it("keeps the form's order and drops unknown values", () =>
    assert.deepEqual(value(q, { q: ["bag", "evil", "phone"] }), ["phone", "bag"]));
  it("accepts a single ticked box posted as a string", () =>
    assert.deepEqual(value(q, { q: "bag" }), ["bag"]));
  it("asks for at least one", () =>
    assert.equal(error(q, { q: [] }).text, "Select what was stolen"));
  it("refuses None with another option", () =>
    assert.equal(
      error(q, { q: ["phone", "none"] }).text,
      "Select what was stolen, or select ‘None of these’",
    ));
  it("marks the None option exclusive for the JavaScript behaviour", () => {
    const [view] = questionView(q, { value: ["phone"], errors: [], isPageHeading: true });
    const items = view.params.items as Array<Record<string, unknown>>;
    assert.equal(items.at(-1)?.behaviour, "exclusive");
    assert.equal(items[0].checked, true);
  });
});

describe("date", () => {
  const q = question("date", {
    shortDescription: "the date the theft happened",
    mustBe: "today-or-past",
  });
  const date = (day: string, month: string, year: string) => ({
    "q-day": day,
    "q-month": month,
    "q-year": year,
  });
  it("stores an ISO date and accepts month names", () => {
    assert.equal(value(q, date("3", "3", "2025")), "2025-03-03");
    assert.equal(value(q, date("03", "Feb", "2024")), "2024-02-03");
    assert.equal(value(q, date("29", "february", "2024")), "2024-02-29");
  });
  it("asks for the whole date, linking to the day", () =>
    assert.deepEqual(error(q, date("", "", "")), {
      question: "q",
      field: "q-day",
      href: "#q-day",
      text: "Enter the date the theft happened",
    }));
  it("names the missing part and links to it", () => {
    assert.deepEqual(error(q, date("3", "", "2025")), {
      question: "q",
      field: "q-month",
      href: "#q-month",
      text: "The date the theft happened must include a month",
    });
    assert.equal(
      error(q, date("", "", "2025")).text,
      "The date the theft happened must include a day and month",
    );
    assert.equal(error(q, date("1", "2", "")).href, "#q-year");
  });
  it("refuses dates that do not exist", () => {
    assert.equal(
      error(q, date("31", "2", "2024")).text,
      "The date the theft happened must be a real date",
    );
    assert.equal(
      error(q, date("29", "2", "2023")).text,
      "The date the theft happened must be a real date",
    );
    assert.equal(
      error(q, date("1", "13", "2024")).text,
      "The date the theft happened must be a real date",
    );
    assert.equal(error(q, date("x", "1", "2024")).href, "#q-day");
  });
  it("asks for a four-digit year", () =>
    assert.equal(error(q, date("1", "1", "24")).text, "Year must include 4 numbers"));
  it("applies must-be against an injected today", () => {
    assert.equal(value(q, date("15", "6", "2025")), "2025-06-15");
    assert.equal(
      error(q, date("16", "6", "2025")).text,
      "The date the theft happened must be today or in the past",
    );
    assert.equal(
      error({ ...q, mustBe: "past" }, date("15", "6", "2025")).text,
      "The date the theft happened must be in the past",
    );
    assert.equal(
      error({ ...q, mustBe: "future" }, date("15", "6", "2025")).text,
      "The date the theft happened must be in the future",
    );
  });
  it("applies after and before bounds, including another question's answer", () => {
    const fixed = { ...q, mustBe: undefined, after: { date: "2020-01-01" } };
    assert.equal(
      error(fixed, date("1", "1", "2020")).text,
      "The date the theft happened must be after 1 January 2020",
    );
    const later = { ...q, mustBe: undefined, after: { question: "other" } };
    assert.equal(
      error(later, date("1", "1", "2021"), { other: "2022-05-01" }).text,
      "The date the theft happened must be after 1 May 2022",
    );
    assert.equal(value(later, date("1", "1", "2021")), "2021-01-01");
  });
  it("marks only the missing box, or every box for a wrong whole date", () => {
    const classes = (body: Record<string, string>) => {
      const result = accept(q, body);
      assert.ok(!result.ok);
      const [view] = questionView(q, {
        raw: result.raw,
        errors: result.errors,
        isPageHeading: true,
      });
      return (view.params.items as Array<{ classes: string }>).map((i) =>
        i.classes.includes("error"),
      );
    };
    assert.deepEqual(classes(date("3", "", "2025")), [false, true, false]);
    assert.deepEqual(classes(date("31", "2", "2024")), [true, true, true]);
  });
  it("offers I do not know as a checkbox, and refuses both", () => {
    const unsure = { ...q, allowDontKnow: true };
    assert.deepEqual(value(unsure, { "q-dont-know": "yes" }), DONT_KNOW);
    assert.equal(error(unsure, { ...date("1", "1", "2024"), "q-dont-know": "yes" }).href, "#q-day");
    const views = questionView(unsure, { value: DONT_KNOW, errors: [], isPageHeading: true });
    assert.deepEqual(
      views.map((v) => v.macro),
      ["govukDateInput", "govukCheckboxes"],
    );
  });
  it("summarises in words", () =>
    assert.deepEqual(summaryLines(q, "2025-03-03"), ["3 March 2025"]));
});

describe("approximate-time", () => {
  const q = question("approximate-time", { allowDontKnow: true });
  it("offers the times of day", () => {
    assert.equal(value(q, { q: "evening" }), "evening");
    assert.equal(error(q, { q: "noon" }).text, "Select a time of day");
    assert.deepEqual(summaryLines(q, "night"), ["Night"]);
  });
});

describe("email", () => {
  const q = question("email");
  it("lower-cases the domain only", () =>
    assert.equal(value(q, { q: " Jo.Bloggs@Example.COM " }), "Jo.Bloggs@example.com"));
  it("refuses what cannot be an address", () => {
    for (const bad of ["jo", "jo@", "jo@example", "jo bloggs@example.com", "jo@@example.com"]) {
      assert.equal(
        error(q, { q: bad }).text,
        "Enter an email address in the correct format, like name@example.com",
        bad,
      );
    }
    assert.equal(error(q, {}).text, "Enter an email address");
  });
});

describe("uk-phone", () => {
  const q = question("uk-phone");
  it("normalises to E.164", () => {
    assert.equal(value(q, { q: "07700 900982" }), "+447700900982");
    assert.equal(value(q, { q: "+44 (0)20 7946 0000" }), "+442079460000");
    assert.equal(value(q, { q: "0044-7700-900-982" }), "+447700900982");
    assert.equal(value(q, { q: "(01632) 960 001" }), "+441632960001");
  });
  it("refuses numbers that are not UK numbers", () => {
    for (const bad of ["12345", "0770090098", "077009009821", "+33 1 23 45 67 89", "phone me"]) {
      assert.ok(!accept(q, { q: bad }).ok, bad);
    }
  });
  it("shows the number the way people read it", () =>
    assert.deepEqual(summaryLines(q, "+447700900982"), ["07700 900982"]));
});

describe("uk-postcode", () => {
  const q = question("uk-postcode");
  it("upper-cases with one space", () => {
    assert.equal(value(q, { q: "sw1a2aa" }), "SW1A 2AA");
    assert.equal(value(q, { q: " e1   6an " }), "E1 6AN");
    assert.equal(value(q, { q: "m11ae" }), "M1 1AE");
  });
  it("refuses what is not a postcode", () => {
    for (const bad of ["SW1A", "12345", "SW1A 2A", "QQ"]) {
      assert.equal(error(q, { q: bad }).text, "Enter a full UK postcode, like SW1A 2AA", bad);
    }
  });
});

describe("uk-address", () => {
  const q = question("uk-address");
  it("stores the parts, postcode normalised, line 2 optional", () =>
    assert.deepEqual(
      value(q, {
        "q-line-1": "10 Downing St",
        "q-line-2": "",
        "q-town": "London",
        "q-postcode": "sw1a2aa",
      }),
      { line1: "10 Downing St", town: "London", postcode: "SW1A 2AA" },
    ));
  it("reports every missing part, each linking to its box", () => {
    const result = accept(q, { "q-line-1": "10 Downing St" });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => [e.href, e.text]),
      [
        ["#q-town", "Enter town or city"],
        ["#q-postcode", "Enter postcode"],
      ],
    );
  });
  it("draws a fieldset of inputs and summarises line by line", () => {
    const [view] = questionView(q, { errors: [], isPageHeading: true });
    assert.equal(view.macro, "govukFieldset");
    assert.deepEqual(
      view.children?.map((c) => c.params.id),
      ["q-line-1", "q-line-2", "q-town", "q-postcode"],
    );
    assert.deepEqual(summaryLines(q, { line1: "1 A St", town: "Leeds", postcode: "LS1 1AA" }), [
      "1 A St",
      "Leeds",
      "LS1 1AA",
    ]);
  });
});

describe("full-name", () => {
  const q = question("full-name");
  it("needs both names", () => {
    assert.deepEqual(value(q, { "q-first": " Ada ", "q-last": "Lovelace" }), {
      first: "Ada",
      last: "Lovelace",
    });
    assert.equal(error(q, { "q-first": "Ada" }).text, "Enter last name");
    assert.equal(error(q, {}).href, "#q-first");
  });
  it("summarises as one line", () =>
    assert.deepEqual(summaryLines(q, { first: "Ada", last: "Lovelace" }), ["Ada Lovelace"]));
});
