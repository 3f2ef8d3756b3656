// Staff passwords, hashed with argon2id from Node's own crypto (no native add-on), stored
// in the PHC string format so the parameters can be raised later without losing old hashes.
import { argon2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const argon2Async = promisify(argon2);

// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
const PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await argon2Async("argon2id", { message: password, nonce: salt, ...PARAMETERS });
  const { memory, passes, parallelism } = PARAMETERS;
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[5], "base64url");
  const actual = await argon2Async("argon2id", {
    message: password,
    nonce: Buffer.from(match[4], "base64url"),
    memory: Number(match[1]),
    passes: Number(match[2]),
    parallelism: Number(match[3]),
    tagLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of nothing in particular, verified against when the email is unknown, so an
 * unknown account takes as long to refuse as a wrong password. */
export const DECOY_HASH = await hashPassword(randomBytes(16).toString("hex"));

/** Long enough to resist guessing, without rules that push people to predictable patterns. */
export function passwordProblem(password: string, label = "Password"): string | undefined {
  if (password.length < 12) return `${label} must be 12 characters or more`;
  if (password.length > 200) return `${label} must be 200 characters or less`;
  return undefined;
}
