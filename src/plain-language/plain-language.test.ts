import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkPlainLanguage,
  type Finding,
  JARGON,
  readingAge,
  sentences,
  syllables,
} from "./index.ts";

const kinds = (text: string, kind: Finding["kind"]) =>
  checkPlainLanguage(text).filter((f) => f.kind === kind);
const words = (n: number) =>
  Array.from({ length: n }, (_, i) => (i === 0 ? "Word" : "word")).join(" ");

test("a sentence over 25 words is long, and the finding spans it", () => {
  assert.deepEqual(kinds(`${words(25)}.`, "long-sentence"), []);
  const text = `Short one. ${words(26)}. Another short one.`;
  const [finding, ...rest] = kinds(text, "long-sentence");
  assert.deepEqual(rest, []);
  assert.equal(finding.message, "this sentence has 26 words; aim for 25 or fewer");
  assert.equal(finding.start, 11);
  assert.equal(text.slice(finding.start, finding.end), words(26));
  assert.equal(finding.suggestion, "split it into shorter sentences, or use a list");
});

test("sentences end at full stops, paragraphs, list items and headings, not at abbreviations", () => {
  const text =
    "# Report a theft\nTell us, e.g. by phone. Mr. Smith paid £2.50 for it!\n\n- a bag\n- a phone\n\nIs that all?";
  const found = sentences(text).map((s) => [
    text.slice(s.start, s.end),
    s.words.length,
    s.question,
  ]);
  assert.deepEqual(found, [
    ["Report a theft", 3, false],
    ["Tell us, e.g. by phone", 5, false],
    ["Mr. Smith paid £2.50 for it", 6, false],
    ["a bag", 2, false],
    ["a phone", 2, false],
    ["Is that all", 3, true],
  ]);
});

test("Markdown links, web and email addresses are not words", () => {
  const text =
    "Read [our advice](https://example.police.uk/perpetrator-advice) or go to www.gov.uk/regarding-things or email help@residence.police.uk.";
  assert.deepEqual(kinds(text, "jargon"), []);
  assert.equal(sentences(text)[0].words.length, 10);
});

test("police jargon is found as whole words, in any case and form, with a plain alternative", () => {
  const text =
    "The Perpetrators alighted from the vehicle whilst officers apprehended them prior to arrival.";
  const found = kinds(text, "jargon").map((f) => [text.slice(f.start, f.end), f.suggestion]);
  assert.deepEqual(found, [
    ["Perpetrators", "the person who did it"],
    ["alighted", "get off"],
    ["vehicle", "car, van or motorbike"],
    ["whilst", "while"],
    ["apprehended", "arrest or catch"],
    ["prior to", "before"],
  ]);
  assert.equal(
    kinds("We commenced the modus operandi review.", "jargon")[1].message,
    '"modus operandi" is jargon; try "how it was done"',
  );
  // Not inside other words.
  assert.deepEqual(
    kinds("Regardless of the incidental cost, the vehicular access is open.", "jargon"),
    [],
  );
});

test("the jargon list is data, and every entry is found", () => {
  assert.ok(JARGON.length >= 40, `only ${JARGON.length} entries`);
  for (const entry of JARGON) {
    const found = kinds(`We saw ${entry.term} today.`, "jargon");
    assert.equal(found.length, 1, entry.term);
    assert.equal(found[0].suggestion, entry.plain);
    assert.equal(found[0].start, 7);
  }
  const soft = kinds("The vehicle was red.", "jargon")[0];
  assert.equal(soft.soft, true);
  assert.equal(soft.term, "vehicle");
});

test("passive voice: be + participle, with an adverb between, but not in questions or feelings", () => {
  const text = "You will be contacted soon. It is usually stamped under the bike. I am worried.";
  const found = kinds(text, "passive-voice").map((f) => text.slice(f.start, f.end));
  assert.deepEqual(found, ["be contacted", "is usually stamped"]);
  assert.equal(kinds(text, "passive-voice")[0].message, '"be contacted" may be passive voice');
  assert.deepEqual(kinds("What was stolen?", "passive-voice"), []);
  assert.equal(
    checkPlainLanguage("What was stolen?", { passiveInQuestions: true })[0].kind,
    "passive-voice",
  );
  assert.deepEqual(checkPlainLanguage("A bike was stolen.", { passive: false }), []);
  assert.deepEqual(
    kinds("The shop is open. We need more. They were interested.", "passive-voice"),
    [],
  );
});

test("reading age: plain English passes, hard text is found, a few words are not judged", () => {
  const plain =
    "We will read your report within 2 working days. If we need to know more, we will call you. " +
    "You will get an email with your reference. Keep it safe: you need it if you call us about your report.";
  assert.ok(readingAge(plain)!.age < 10, JSON.stringify(readingAge(plain)));
  assert.deepEqual(kinds(plain, "reading-age"), []);
  const hard =
    "Following the organisational restructuring, investigative responsibilities are allocated according to " +
    "operational priorities, considering proportionality, vulnerability and safeguarding obligations. " +
    "Consequently, communication regarding investigative developments necessitates authorisation, " +
    "particularly concerning safeguarding considerations affecting potentially vulnerable individuals. " +
    "Correspondence is prioritised accordingly. Organisational accountability remains fundamentally important throughout investigations.";
  const [finding] = kinds(hard, "reading-age");
  assert.match(
    finding.message,
    /^the reading age is about \d+ \(Flesch-Kincaid grade [\d.]+\); aim for 14 or under, ideally 9$/,
  );
  assert.equal(finding.start, 0);
  assert.equal(finding.end, hard.length - 1);
  assert.deepEqual(kinds("Notwithstanding organisational considerations.", "reading-age"), []);
  assert.equal(readingAge(""), undefined);
});

test("syllables are counted well enough for a reading age", () => {
  const counts = Object.fromEntries(
    [
      "the",
      "report",
      "police",
      "officer",
      "anonymous",
      "organisation",
      "behaviour",
      "happened",
      "violent",
      "999",
    ].map((w) => [w, syllables(w)]),
  );
  assert.deepEqual(counts, {
    the: 1,
    report: 2,
    police: 2,
    officer: 3,
    anonymous: 4,
    organisation: 5,
    behaviour: 3,
    happened: 2,
    violent: 3,
    "999": 1,
  });
});

test("findings come first to last, and plain text has none", () => {
  assert.deepEqual(checkPlainLanguage("Tell us what happened. We will read it."), []);
  const found = checkPlainLanguage("Whilst you wait, the offender may be arrested.");
  assert.deepEqual(
    found.map((f) => f.kind),
    ["jargon", "jargon", "passive-voice"],
  );
});
