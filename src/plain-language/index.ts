// The plain-language checker: reading age, long sentences, passive voice and
// police jargon, for any text the public read (form labels and hints, exit pages,
// content pages in Markdown). It only finds; callers decide what a finding costs
// (a warning in `forms:check`, a stated reason before publishing a page).
//
//   checkPlainLanguage(text, options?): Finding[]   offsets into `text`, first first
//   readingAge(text): { age, grade, words, sentences } | undefined
//
// GOV.UK writes for a reading age of about 9. Flesch-Kincaid grade + 5 estimates a
// reading age; it is noisy on a few words, so it is only judged on longer text, and
// it reads everyday words like "insurance" or "anonymous" as hard, so plain English
// with sentences of about 20 words already scores 12 to 14. The default threshold
// (14, grade 9) lets that pass and catches text that is really hard to read.

import { JARGON, type JargonEntry } from "./jargon.ts";
import { findPassives } from "./passive.ts";
import { maskMarkup, type Sentence, sentences, syllables } from "./text.ts";

export { JARGON, type JargonEntry } from "./jargon.ts";
export { type Sentence, sentences, syllables, type Word } from "./text.ts";

export type FindingKind = "long-sentence" | "jargon" | "passive-voice" | "reading-age";

export type Finding = {
  kind: FindingKind;
  message: string;
  /** Offsets into the text checked: the words the finding is about. */
  start: number;
  end: number;
  /** What to write instead, or how to fix it. */
  suggestion?: string;
  /** Jargon: the entry's term, and whether it is often the right word after all. */
  term?: string;
  soft?: boolean;
};

export type PlainLanguageOptions = {
  /** Sentences with more words than this are long. GOV.UK: 25. */
  maxSentenceWords?: number;
  /** Text whose reading age is above this gets a finding. */
  maxReadingAge?: number;
  /** Reading age is judged only on text with at least this many words. */
  minWordsForReadingAge?: number;
  /** Whether to look for passive voice at all: labels and options describing what happened may use it. */
  passive?: boolean;
  /** Whether to look for passive voice in questions ("What was stolen?" is clearer than the active). */
  passiveInQuestions?: boolean;
};

export const DEFAULTS: Required<PlainLanguageOptions> = {
  maxSentenceWords: 25,
  maxReadingAge: 14,
  minWordsForReadingAge: 40,
  passive: true,
  passiveInQuestions: false,
};

export type ReadingAge = { age: number; grade: number; words: number; sentences: number };

/** Flesch-Kincaid grade + 5, over the whole text; undefined when it has no words. */
export function readingAge(
  text: string,
  parts: Sentence[] = sentences(text),
): ReadingAge | undefined {
  const words = parts.flatMap((s) => s.words);
  if (words.length === 0) return undefined;
  const syllableCount = words.reduce((n, w) => n + syllables(w.text), 0);
  const grade =
    0.39 * (words.length / parts.length) + 11.8 * (syllableCount / words.length) - 15.59;
  const rounded = Math.round(grade * 10) / 10;
  return {
    grade: rounded,
    age: Math.round((grade + 5) * 10) / 10,
    words: words.length,
    sentences: parts.length,
  };
}

export function checkPlainLanguage(text: string, options: PlainLanguageOptions = {}): Finding[] {
  const settings = { ...DEFAULTS, ...options };
  const parts = sentences(text);
  const findings: Finding[] = [];
  for (const sentence of parts) {
    const count = sentence.words.length;
    if (count > settings.maxSentenceWords) {
      findings.push({
        kind: "long-sentence",
        message: `this sentence has ${count} words; aim for ${settings.maxSentenceWords} or fewer`,
        start: sentence.start,
        end: sentence.end,
        suggestion: "split it into shorter sentences, or use a list",
      });
    }
    if (settings.passive && (!sentence.question || settings.passiveInQuestions)) {
      for (const passive of findPassives(sentence.words, text)) {
        findings.push({
          kind: "passive-voice",
          message: `"${passive.text}" may be passive voice`,
          start: passive.start,
          end: passive.end,
          suggestion: 'say who does it: "we will call you" rather than "you will be called"',
        });
      }
    }
  }
  findings.push(...findJargon(text));
  const age = readingAge(text, parts);
  if (
    age &&
    age.words >= settings.minWordsForReadingAge &&
    Math.round(age.age) > settings.maxReadingAge
  ) {
    findings.push({
      kind: "reading-age",
      message: `the reading age is about ${Math.round(age.age)} (Flesch-Kincaid grade ${age.grade}); aim for ${settings.maxReadingAge} or under, ideally 9`,
      start: parts[0].start,
      end: parts.at(-1)!.end,
      suggestion: "use shorter sentences and shorter, everyday words",
    });
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The forms of a single word that count as the word: perpetrators, commenced, apprehending. */
function wordForms(entry: JargonEntry): string[] {
  const { term } = entry;
  const forms = [term, ...(entry.forms ?? [])];
  if (!term.includes(" ")) {
    if (term.endsWith("e")) forms.push(`${term}s`, `${term}d`, `${term.slice(0, -1)}ing`);
    else if (!term.endsWith("ing") && !term.endsWith("ly"))
      forms.push(`${term}s`, `${term}ed`, `${term}ing`);
  }
  return forms;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const JARGON_PATTERNS = JARGON.map((entry) => ({
  entry,
  pattern: new RegExp(
    `(?<![\\w-])(?:${wordForms(entry)
      .sort((a, b) => b.length - a.length)
      .map((f) => f.split(" ").map(escapeRegExp).join("\\s+"))
      .join("|")})(?![\\w-])`,
    "gi",
  ),
}));

function findJargon(text: string): Finding[] {
  const masked = maskMarkup(text);
  const findings: Finding[] = [];
  for (const { entry, pattern } of JARGON_PATTERNS) {
    for (const m of masked.matchAll(pattern)) {
      findings.push({
        kind: "jargon",
        message: `"${text.slice(m.index, m.index + m[0].length)}" is jargon; try "${entry.plain}"${entry.note ? ` (${entry.note})` : ""}`,
        start: m.index,
        end: m.index + m[0].length,
        suggestion: entry.plain,
        term: entry.term,
        ...(entry.soft ? { soft: true } : {}),
      });
    }
  }
  // "in the vicinity of" is one finding, not two with "vicinity".
  return findings.filter(
    (f) =>
      !findings.some(
        (g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start,
      ),
  );
}
