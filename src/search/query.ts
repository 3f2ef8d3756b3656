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
  /** How much a match on this term counts: 1 for a word typed, less for one read into it. */
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
  /**
   * What the query asks to do, and how much more a service of that kind counts: most when it
   * says so ("report a theft"), less when it only describes what happened ("phone stolen")
   * or asks a question about it ("what happens after I report a crime").
   */
  intents: Map<Intent, number>;
  /** The meanings of the synonyms that matched, e.g. ["robbery"] for "mugged". */
  means: string[];
};

/**
 * What a synonym means counts for a little less than a word typed outside any phrase: the
 * person's own words say more about what they want than what we read into them.
 */
const MEANING_WEIGHT = 0.8;
/** A typed word matched as part of a phrase of two words or more counts for this much of a word. */
const PHRASE_WORD_WEIGHT = 0.4;
/** Up to this many stop words may sit between the words of a phrase. */
const PHRASE_GAP = 2;

const intentStems: Record<Intent, string[]> = {
  report: ["report", "tell"],
  apply: ["appli", "applic", "licenc", "permit", "certif"],
  feedback: ["complain", "complaint", "compliment", "feedback"],
};

/** Words that say something has happened that a service is for, without asking for it. */
const happenedStems: Record<Intent, string[]> = {
  report: ["stolen", "stole", "nick", "pinch", "swipe", "snatch", "crash", "crashed"],
  apply: [],
  feedback: [],
};

/** A service of the kind asked for counts this much more. */
export const INTENT_BOOST = { asked: 2.2, happened: 1.5, question: 1.3 } as const;

/** Words that start a question: the person wants to know about something, not do it yet. */
const QUESTION_WORDS = new Set([
  "how",
  "what",
  "when",
  "why",
  "where",
  "who",
  "can",
  "do",
  "does",
  "is",
  "should",
]);

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
  // Position → the number of words in the phrase that covers it.
  const covered = new Map<number, number>();
  const means: string[] = [];
  for (let i = 0; i < typed.length; i++) {
    if (covered.has(i)) continue;
    for (const phrase of table.phrases) {
      const positions = matchAt(stems, typed, i, phrase);
      if (!positions || positions.some((p) => covered.has(p))) continue;
      for (const p of positions) covered.set(p, positions.length);
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
      // A one-word synonym ("pickpocket", "graffiti") is a subject in itself: it keeps its weight.
      weight: (covered.get(i) ?? 1) > 1 ? PHRASE_WORD_WEIGHT : 1,
      fuzzy: inPhrase ? 0 : fuzziness(word),
      prefix: !inPhrase && t.length >= 4,
    });
  });
  for (const meaning of means) {
    for (const t of terms(meaning)) {
      add({ term: t, weight: MEANING_WEIGHT, fuzzy: 0, prefix: false });
    }
  }

  const intents = new Map<Intent, number>();
  const allStems = new Set([...ownStems, ...byTerm.keys()]);
  const question = QUESTION_WORDS.has(typed[0] ?? "");
  for (const intent of Object.keys(intentStems) as Intent[]) {
    if (intentStems[intent].some((s) => allStems.has(s))) {
      intents.set(intent, question ? INTENT_BOOST.question : INTENT_BOOST.asked);
    } else if (happenedStems[intent].some((s) => allStems.has(s))) {
      intents.set(intent, question ? INTENT_BOOST.question : INTENT_BOOST.happened);
    }
  }
  return { text, terms: [...byTerm.values()], intents, means };
}
