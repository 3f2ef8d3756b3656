// Which words of a result's text matched the search, as plain segments for the template to
// print: the template escapes every segment and wraps the matched ones in <mark>, so neither
// the page's text nor the query can ever become markup.
import { normalise, term } from "./text.ts";

export type Segment = { text: string; mark: boolean };

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/**
 * The terms a word (as written) stands for: its own, and for a hyphenated word its parts'
 * and the joined-up word's. Memoised: result pages show the same few thousand words.
 */
const termsOfWord = new Map<string, string[]>();
function wordTerms(word: string): string[] {
  let found = termsOfWord.get(word);
  if (found) return found;
  const plain = normalise(word).replace(/'s$/, "").replace(/'/g, "");
  const candidates = [plain];
  if (plain.includes("-")) candidates.push(plain.replace(/-/g, ""), ...plain.split("-"));
  found = candidates.map(term).filter((t): t is string => t !== null);
  if (termsOfWord.size < 50_000) termsOfWord.set(word, found);
  return found;
}

/** True when this word (as written) is one of the matched terms. */
function matches(word: string, matched: ReadonlySet<string>): boolean {
  return wordTerms(word).some((t) => matched.has(t));
}

/** The text cut into segments, each matched word its own segment with mark: true. */
export function highlight(text: string, matched: ReadonlySet<string>): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  const push = (piece: string, mark: boolean) => {
    if (!piece) return;
    const previous = segments.at(-1);
    if (previous && previous.mark === mark && !mark) previous.text += piece;
    else segments.push({ text: piece, mark });
  };
  for (const match of text.matchAll(WORD)) {
    const index = match.index ?? 0;
    if (!matches(match[0], matched)) continue;
    push(text.slice(last, index), false);
    push(match[0], true);
    last = index + match[0].length;
  }
  push(text.slice(last), false);
  return segments;
}

/**
 * A short passage of a long text around its first matched word, whole words only, with "…"
 * where it was cut; undefined when no word matches.
 */
export function excerpt(
  text: string,
  matched: ReadonlySet<string>,
  wordsAround = 12,
): Segment[] | undefined {
  const all = [...text.matchAll(WORD)];
  const first = all.findIndex((m) => matches(m[0], matched));
  if (first < 0) return undefined;
  const from = Math.max(0, first - Math.floor(wordsAround / 3));
  const to = Math.min(all.length - 1, from + wordsAround);
  const start = all[from].index ?? 0;
  const end = (all[to].index ?? 0) + all[to][0].length;
  const passage = `${from > 0 ? "…" : ""}${text.slice(start, end)}${to < all.length - 1 ? "…" : ""}`;
  return highlight(passage, matched);
}
