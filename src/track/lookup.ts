// Finding a case from what the reporter knows: its reference, and either the email address
// they gave or the tracking code we showed them. A wrong email or code must look exactly like
// a reference that does not exist, in what we say and in how long we take to say it, so the
// same query and the same comparisons run either way, and hashes are compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { hashTrackingCode } from "../cases/create.ts";
import type { Database } from "../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Stands in for a hash we do not have; random per process, so nothing anyone types matches it. */
const NO_MATCH = randomBytes(32);

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** Email addresses match whatever their letter case and surrounding spaces. */
const emailDigest = (email: string) => sha256(email.trim().toLowerCase());

function storedDigest(hex: string | null): Buffer {
  if (hex === null || !/^[0-9a-f]{64}$/.test(hex)) return NO_MATCH;
  return Buffer.from(hex, "hex");
}

/**
 * The id of the case with this reference whose email address or tracking code is `secret`,
 * or undefined. `reference` must already be in canonical form (parseReference).
 */
export async function findCaseByReferenceAndSecret(
  db: Db,
  reference: string,
  secret: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("cases")
    .select(["id", "reporter_email", "tracking_code_hash"])
    .where("reference", "=", reference)
    .executeTakeFirst();
  const givenEmail = emailDigest(secret);
  const givenCode = Buffer.from(hashTrackingCode(secret), "hex");
  const email = row?.reporter_email != null ? emailDigest(row.reporter_email) : NO_MATCH;
  const code = storedDigest(row?.tracking_code_hash ?? null);
  // Both comparisons always run (no short-circuit), whichever kind of secret was typed.
  const emailMatches = timingSafeEqual(givenEmail, email);
  const codeMatches = timingSafeEqual(givenCode, code);
  return row && (emailMatches || codeMatches) ? row.id : undefined;
}
