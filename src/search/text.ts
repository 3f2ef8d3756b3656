// How text becomes search terms, the same way for the pages we index and for what people type:
// lower case, accents dropped, words split at anything that is not a letter or a digit, common
// words ("the", "my", "was") left out, and each word cut to its stem (Porter), so that
// "stolen bikes" finds "bike stolen" and "burgled" comes close to "burglar".
import { stemmer } from "stemmer";

/** Words too common to tell one page from another. Kept short: "no", "not" and numbers stay out. */
export const STOP_WORDS = new Set(
  (
    "a about after am an and any are as at be been being but by can could did do does doing " +
    "for from get gets getting got had has have having he her hers him his how i if im in into " +
    "is it its ive just me might my myself of on or our ours please she should so some someone " +
    "somebody something that thats the their theirs them then there these they this those to " +
    "too us was we were what whats when where which while who whom why will with would you " +
    "your yours"
  ).split(" "),
);

/** Lower case, accents and curly quotes made plain. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[‘’ʼ`]/g, "'")
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/**
 * The words of a text in order, as typed: "break-in" gives "break" and "in", "neighbour's"
 * gives "neighbour", "don't" gives "dont". What phrases (synonyms) are matched against.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of normalise(text).matchAll(WORD)) {
    const word = match[0].replace(/'s$/, "").replace(/'/g, "");
    for (const part of word.split("-")) if (part) out.push(part);
  }
  return out;
}

/**
 * The tokens to index: the words, plus each hyphenated word joined up, so "anti-social" is
 * found by "antisocial" and by "social".
 */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of normalise(text).matchAll(WORD)) {
    const word = match[0].replace(/'s$/, "").replace(/'/g, "");
    const parts = word.split("-").filter(Boolean);
    out.push(...parts);
    if (parts.length > 1) out.push(parts.join(""));
  }
  return out;
}

const stems = new Map<string, string>();

/** The stem of one (normalised) word; memoised, as the same few thousand words recur. */
export function stem(word: string): string {
  let found = stems.get(word);
  if (found === undefined) {
    found = /^\p{N}/u.test(word) ? word : stemmer(word);
    if (stems.size < 50_000) stems.set(word, found);
  }
  return found;
}

/** One token to its indexed term, or null for a stop word. */
export function term(token: string): string | null {
  if (token.length === 0 || STOP_WORDS.has(token)) return null;
  return stem(token);
}

/** The terms of a text, in order, stop words left out. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of indexTokens(text)) {
    const t = term(token);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbouring letters, so
 * "theif" is one edit from "thief"), giving up early once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  // Three rolling rows: two back (for a swap), the last, and the one being filled.
  let twoBack = new Array<number>(cols).fill(0);
  let last = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, twoBack[j - 2] + 1);
      }
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [twoBack, last, row] = [last, row, twoBack];
  }
  return last[cols - 1];
}
