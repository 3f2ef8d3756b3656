// Splitting text into sentences and words while keeping every offset, so a
// finding can point at the words it is about. Text may be plain form text
// (paragraphs split by blank lines, "- " list items) or Markdown: markup is
// blanked out (same length, so offsets stay true) rather than removed.

export type Word = { text: string; start: number; end: number };
export type Sentence = { start: number; end: number; words: Word[]; question: boolean };

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  "e.g",
  "i.e",
  "eg",
  "ie",
  "etc",
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "no",
  "vs",
  "approx",
  "tel",
]);

const blank = (s: string) => s.replace(/[^\n]/g, " ");

/** The text with Markdown markup and URLs replaced by spaces, block breaks marked by "\n\n". */
export function maskMarkup(text: string): string {
  return (
    text
      .replace(/```[\s\S]*?```/g, blank)
      .replace(/<[^>\n]+>/g, blank)
      .replace(
        /!?\[([^\]\n]*)\]\(([^)\n]*)\)/g,
        (m, label: string) => ` ${label}${" ".repeat(m.length - label.length - 1)}`,
      )
      .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, (m) => "x".padEnd(m.length, " "))
      // A web or email address reads as one short word.
      .replace(
        /\b(?:https?:\/\/\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov)(?:\/\S*)?)/g,
        (m) => {
          const trail = /[.,;:!?)]+$/.exec(m)?.[0] ?? "";
          return "x".padEnd(m.length - trail.length, " ") + trail;
        },
      )
      .replace(/[*_`]/g, " ")
  );
}

const BLOCK_START = /^[ \t]*(#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|>[ \t]?|\|)/;

/** Sentences of the text, each with its words; headings, list items and paragraphs end sentences. */
export function sentences(text: string): Sentence[] {
  const masked = maskMarkup(text);
  // Offsets where a sentence must end whatever the punctuation: block boundaries.
  const breaks: number[] = [];
  const cleanLines: string[] = [];
  let offset = 0;
  for (const line of masked.split("\n")) {
    const marker = BLOCK_START.exec(line);
    if (marker || line.trim() === "") breaks.push(offset);
    if (/^[ \t]*(#{1,6}[ \t]|\|)/.test(line)) breaks.push(offset + line.length);
    cleanLines.push(marker ? blank(marker[0]) + line.slice(marker[0].length) : line);
    offset += line.length + 1;
  }
  const clean = cleanLines.join("\n");
  const words: Word[] = [];
  for (const m of clean.matchAll(/[A-Za-z0-9£][A-Za-z0-9'’.,£-]*[A-Za-z0-9]|[A-Za-z0-9]/g)) {
    words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  const result: Sentence[] = [];
  let current: Word[] = [];
  const close = (question: boolean) => {
    if (current.length > 0) {
      result.push({ start: current[0].start, end: current.at(-1)!.end, words: current, question });
    }
    current = [];
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const next = words[i + 1];
    current.push(word);
    const gapEnd = next ? next.start : clean.length;
    const gap = clean.slice(word.end, gapEnd);
    const stop = /^[)"'’”\]]*([.!?])/.exec(gap);
    const question = stop?.[1] === "?";
    const fullStop =
      stop !== null &&
      (stop[1] !== "." ||
        ((!next || /^[A-Z0-9£]/.test(next.text)) && !ABBREVIATIONS.has(word.text.toLowerCase())));
    const block = breaks.some((b) => b >= word.end && b <= gapEnd);
    if (fullStop || block || !next) close(question);
  }
  return result;
}

/** Syllables in an English word, by the usual vowel-group heuristic; numbers count as one. */
export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w === "") return 1;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m[0]).replace(/^y/, "");
  const groups = w.match(/[aeiouy]+/g)?.length ?? 1;
  // Vowel pairs said as two syllables: vi-o-lent, ri-ot, sit-u-a-tion (but not -tion, -sion).
  const hiatus = w.match(/(?<![tsqg])i[ao](?!u)|[^qg]ua|uo|iu/g)?.length ?? 0;
  return Math.max(1, groups + hiatus);
}
