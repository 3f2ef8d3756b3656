// A reference is what a person reads out on the phone or types into "track your report",
// so it is short, has no characters that look or sound alike (0/O, 1/I/L, U/V), is random
// rather than sequential (it must not reveal how many reports we get, or let anyone guess
// another person's), and ends with a check character that catches a mistyped or swapped
// character.
import { randomInt } from "node:crypto";

export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
const N = REFERENCE_ALPHABET.length;
const BODY_LENGTH = 8;

// Weighted sum modulo 29 (the alphabet's size, a prime) with weights 1..9 over all nine
// characters, chosen so the whole sum is 0. Because 29 is prime and the weights are distinct
// and non-zero, every single wrong character and every swap of two neighbours changes the
// sum, so both are always caught.
function weightedSum(values: number[]): number {
  return values.reduce((sum, value, i) => (sum + (i + 1) * value) % N, 0);
}

function checkCharacter(body: string): string {
  const partial = weightedSum([...body].map((ch) => REFERENCE_ALPHABET.indexOf(ch)));
  // Find c with partial + 9c ≡ 0 (mod 29).
  for (let c = 0; c < N; c++)
    if ((partial + (BODY_LENGTH + 1) * c) % N === 0) return REFERENCE_ALPHABET[c];
  throw new Error("unreachable: 29 is prime");
}

/** A new random reference, e.g. "K7M2-Q9TX-4": 8 random characters and a check character. */
export function newReference(random: (max: number) => number = randomInt): string {
  let body = "";
  for (let i = 0; i < BODY_LENGTH; i++) body += REFERENCE_ALPHABET[random(N)];
  return format(body + checkCharacter(body));
}

function format(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

/**
 * Reads a reference as someone typed it: any case, with spaces or dashes anywhere.
 * Returns the canonical form, or undefined when it is not a well-formed reference or its
 * check character is wrong.
 */
export function parseReference(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== BODY_LENGTH + 1) return undefined;
  for (const ch of compact) if (!REFERENCE_ALPHABET.includes(ch)) return undefined;
  const body = compact.slice(0, BODY_LENGTH);
  if (checkCharacter(body) !== compact[BODY_LENGTH]) return undefined;
  return format(compact);
}
