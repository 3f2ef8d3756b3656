// The plain-language check as editors meet it: findings for each part of a page (title,
// summary, body) with the words they are about, and the rule for publishing. A page may be
// published with a few findings (the checker cannot know every context), but above the
// threshold the publisher must say why, and the reason is kept with the decision.
import { checkPlainLanguage, type Finding, readingAge } from "../plain-language/index.ts";

export type PageText = { title: string; summary: string; body: string };

export type PageFinding = Finding & {
  field: "title" | "summary" | "body";
  /** The words the finding is about, as written. */
  excerpt: string;
  /** Which line of the field they are on, counting from 1: editors find them by it. */
  line: number;
};

/**
 * More findings than this (soft jargon, often the right word, does not count), or any
 * finding about the reading age, and publishing needs a stated reason.
 */
export const PUBLISH_FINDINGS_THRESHOLD = 3;

const FIELDS = ["title", "summary", "body"] as const;

export function pageFindings(page: PageText): PageFinding[] {
  const all: PageFinding[] = [];
  for (const field of FIELDS) {
    const text = page[field];
    // A title is a heading, not a sentence: long-sentence and reading age do not apply.
    const findings = checkPlainLanguage(
      text,
      field === "title" ? { maxSentenceWords: 1000, minWordsForReadingAge: 1_000_000 } : {},
    );
    for (const finding of findings) {
      const excerpt = text.slice(finding.start, finding.end);
      all.push({
        ...finding,
        field,
        excerpt: excerpt.length > 160 ? `${excerpt.slice(0, 157)}…` : excerpt,
        line: text.slice(0, finding.start).split("\n").length,
      });
    }
  }
  return all;
}

/** How many findings count against the threshold. */
export function countedFindings(findings: PageFinding[]): number {
  return findings.filter((f) => !f.soft).length;
}

export function needsReason(findings: PageFinding[]): boolean {
  return (
    countedFindings(findings) > PUBLISH_FINDINGS_THRESHOLD ||
    findings.some((f) => f.kind === "reading-age")
  );
}

/** The body's reading age, rounded, if it has enough words to judge. */
export function bodyReadingAge(body: string): number | undefined {
  const age = readingAge(body);
  return age && age.words >= 40 ? Math.round(age.age) : undefined;
}
