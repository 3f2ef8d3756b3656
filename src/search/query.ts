// What someone typed, turned into weighted search terms: their own words (stemmed, stop words
// out, typo-tolerant when long enough), the words our pages use for any phrase of theirs in
// the synonyms table, and what they seem to want to do (report, apply, give feedback).
import { synonyms as defaultSynonyms, type Synonym } from "./synonyms.ts";
import { editDistance, STOP_WORDS, stem, term, terms, words } from "./text.ts";

/** Longer queries are cut: nobody types more, and each term costs a walk of the index. */
export const MAX_QUERY_CHARACTERS = 200;
export const MAX_TERMS = 16;

export type Intent = "report" | "apply" | "feedback";

export type QueryTerm = {
  term: string;
  /** How much a match on this term counts: 1 for a typed word or a synonym's meaning. */
  weight: number;
  /** Edits allowed for a typo: 0, 1, or 2 for long words. */
  fuzzy: number;
  /** Whether a longer word starting with this term matches too ("burg" → burglary). */
  prefix: boolean;
};

export type ParsedQuery = {
  /** The query as it will be shown back, trimmed and cut to length. */
  text: string;
  terms: QueryTerm[];
  intents: Set<Intent>;
  /** The meanings of the synonyms that matched, e.g. ["robbery"] for "mugged". */
  means: string[];
};

/** A typed word matched as part of a synonym phrase counts for this much of a word. */
const PHRASE_WORD_WEIGHT = 0.4;
/** Up to this many stop words may sit between the words of a phrase. */
const PHRASE_GAP = 2;

const intentStems: Record<Intent, string[]> = {
  report: ["report", "tell"],
  apply: ["appli", "applic", "licenc", "permit", "certif"],
  feedback: ["complain", "complaint", "compliment", "feedback"],
};

type Phrase = { stems: string[]; means: string };

/** The synonyms table ready to match: its phrases as stems, and its words for typo matching. */
export type PhraseTable = {
  /** Longest first, so the most specific phrase wins. */
  phrases: Phrase[];
  stems: Set<string>;
  /** Words of six letters or more, as written, with their stems. */
  words: Map<string, string>;
};

export function compilePhrases(table: Synonym[]): PhraseTable {
  const phrases: Phrase[] = [];
  const stemSet = new Set<string>();
  const wordMap = new Map<string, string>();
  for (const entry of table) {
    for (const say of entry.says) {
      const sayWords = words(say);
      const stems = sayWords.map(stem);
      if (stems.length > 0) phrases.push({ stems, means: entry.means });
      for (const s of stems) stemSet.add(s);
      for (const w of sayWords) if (w.length >= 6) wordMap.set(w, stem(w));
    }
  }
  phrases.sort((a, b) => b.stems.length - a.stems.length);
  return { phrases, stems: stemSet, words: wordMap };
}

/**
 * The stem to match phrases with: the word's own, or, for a word of seven letters or more
 * that no phrase has, that of a phrase word one edit away (two from ten letters), so
 * "vandalisum" still means criminal damage. Shorter words are too often other real words
 * ("rapid" is one letter from "raped").
 */
function phraseStem(word: string, own: string, table: PhraseTable): string {
  if (table.stems.has(own) || word.length < 7) return own;
  const limit = word.length >= 10 ? 2 : 1;
  for (const [candidate, candidateStem] of table.words) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    if (editDistance(word, candidate, limit) <= limit) return candidateStem;
  }
  return own;
}

const defaultPhrases = compilePhrases(defaultSynonyms);

/** The positions of a phrase's words starting at `start`, or undefined if it does not match there. */
function matchAt(
  stems: string[],
  typed: string[],
  start: number,
  phrase: Phrase,
): number[] | undefined {
  if (stems[start] !== phrase.stems[0]) return undefined;
  const positions = [start];
  let at = start;
  for (const want of phrase.stems.slice(1)) {
    let found = -1;
    for (let next = at + 1; next < stems.length && next <= at + 1 + PHRASE_GAP; next++) {
      if (stems[next] === want) {
        found = next;
        break;
      }
      if (!STOP_WORDS.has(typed[next])) break;
    }
    if (found < 0) return undefined;
    positions.push(found);
    at = found;
  }
  return positions;
}

function fuzziness(word: string): number {
  if (word.length >= 9) return 2;
  if (word.length >= 5) return 1;
  return 0;
}

export function parseQuery(input: string, table: PhraseTable = defaultPhrases): ParsedQuery {
  const text = input.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARACTERS);
  const typed = words(text).slice(0, MAX_TERMS * 2);
  const ownStems = typed.map(stem);
  const stems = typed.map((word, i) => phraseStem(word, ownStems[i], table));

  // Which typed words belong to a synonym phrase, and what the phrases mean.
  const covered = new Set<number>();
  const means: string[] = [];
  for (let i = 0; i < typed.length; i++) {
    if (covered.has(i)) continue;
    for (const phrase of table.phrases) {
      const positions = matchAt(stems, typed, i, phrase);
      if (!positions || positions.some((p) => covered.has(p))) continue;
      for (const p of positions) covered.add(p);
      if (!means.includes(phrase.means)) means.push(phrase.means);
      break;
    }
  }

  const byTerm = new Map<string, QueryTerm>();
  const add = (candidate: QueryTerm) => {
    const existing = byTerm.get(candidate.term);
    if (!existing) {
      if (byTerm.size < MAX_TERMS) byTerm.set(candidate.term, candidate);
      return;
    }
    existing.weight = Math.max(existing.weight, candidate.weight);
    existing.fuzzy = Math.max(existing.fuzzy, candidate.fuzzy);
    existing.prefix ||= candidate.prefix;
  };
  typed.forEach((word, i) => {
    const t = term(word);
    if (!t) return;
    const inPhrase = covered.has(i);
    add({
      term: t,
      weight: inPhrase ? PHRASE_WORD_WEIGHT : 1,
      fuzzy: inPhrase ? 0 : fuzziness(word),
      prefix: !inPhrase && t.length >= 4,
    });
  });
  for (const meaning of means) {
    for (const t of terms(meaning)) add({ term: t, weight: 1, fuzzy: 0, prefix: false });
  }

  const intents = new Set<Intent>();
  const allStems = new Set([...ownStems, ...byTerm.keys()]);
  for (const [intent, list] of Object.entries(intentStems) as Array<[Intent, string[]]>) {
    if (list.some((s) => allStems.has(s))) intents.add(intent);
  }
  return { text, terms: [...byTerm.values()], intents, means };
}
