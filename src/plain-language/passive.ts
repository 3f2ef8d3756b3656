// Passive voice, by a heuristic: a form of "to be", maybe an adverb, then a past
// participle ("was taken", "will be contacted", "is usually sent"). It does not
// parse English, so it says "may be" and leaves the judgement to the writer.

import type { Word } from "./text.ts";

const BE = new Set([
  "am",
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "being",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
]);
const ADVERBS = new Set([
  "not",
  "never",
  "also",
  "already",
  "usually",
  "often",
  "always",
  "still",
  "just",
  "then",
  "now",
  "only",
  "sometimes",
]);

// Past participles that do not end in -ed.
export const IRREGULAR_PARTICIPLES = new Set([
  "arisen",
  "beaten",
  "become",
  "begun",
  "bitten",
  "blown",
  "born",
  "bought",
  "bound",
  "broken",
  "brought",
  "built",
  "burnt",
  "caught",
  "chosen",
  "come",
  "cut",
  "dealt",
  "done",
  "drawn",
  "driven",
  "eaten",
  "fallen",
  "felt",
  "fled",
  "flown",
  "forbidden",
  "forgiven",
  "forgotten",
  "found",
  "frozen",
  "given",
  "gone",
  "got",
  "grown",
  "heard",
  "held",
  "hidden",
  "hit",
  "hung",
  "kept",
  "known",
  "laid",
  "led",
  "left",
  "lent",
  "let",
  "lost",
  "made",
  "meant",
  "met",
  "paid",
  "put",
  "read",
  "ridden",
  "rung",
  "run",
  "said",
  "seen",
  "sent",
  "set",
  "shaken",
  "shot",
  "shown",
  "shut",
  "sold",
  "sought",
  "spent",
  "spoken",
  "spun",
  "stolen",
  "struck",
  "stuck",
  "sung",
  "swept",
  "sworn",
  "taken",
  "taught",
  "thrown",
  "told",
  "torn",
  "understood",
  "woken",
  "won",
  "worn",
  "written",
]);

// -ed words that describe a state or feeling more than an action done by someone,
// or are not verbs at all; "I am worried" is not a passive to rewrite.
const NOT_PASSIVE = new Set([
  "worried",
  "interested",
  "tired",
  "scared",
  "frightened",
  "married",
  "retired",
  "disabled",
  "related",
  "concerned",
  "pleased",
  "satisfied",
  "supposed",
  "used",
  "qualified",
  "injured",
  "hurt",
  "bored",
  "excited",
  "closed",
  "located",
  "based",
  "need",
  "red",
  "bed",
  "hundred",
  "shed",
  "speed",
  "seed",
  "feed",
  "indeed",
  "unemployed",
  "self-employed",
  "employed",
  "aged",
  "annoyed",
  "embarrassed",
  "ashamed",
  "upset",
  "alarmed",
  "distressed",
  "affected",
  "involved",
  "allowed",
  "able",
  "unsure",
  "sure",
]);

export type PassiveMatch = { start: number; end: number; text: string };

export function isParticiple(word: string): boolean {
  const w = word.toLowerCase().replace(/[’']/g, "'");
  if (NOT_PASSIVE.has(w)) return false;
  return IRREGULAR_PARTICIPLES.has(w) || (/[a-z]{2,}ed$/.test(w) && !/eed$/.test(w));
}

/** Each "be + participle" run in a sentence's words. */
export function findPassives(words: readonly Word[], text: string): PassiveMatch[] {
  const found: PassiveMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!BE.has(words[i].text.toLowerCase().replace(/’/g, "'"))) continue;
    let j = i + 1;
    while (
      j < words.length &&
      j <= i + 2 &&
      (ADVERBS.has(words[j].text.toLowerCase()) || /ly$/i.test(words[j].text))
    )
      j++;
    if (j < words.length && isParticiple(words[j].text)) {
      found.push({
        start: words[i].start,
        end: words[j].end,
        text: text.slice(words[i].start, words[j].end),
      });
      i = j;
    }
  }
  return found;
}
