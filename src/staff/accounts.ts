// Staff accounts: creating them, finding them, and the counters that throttle sign-in.
import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import type { StaffRole, StaffTable } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { hashPassword } from "./passwords.ts";
import type { StaffMember } from "./policy.ts";

type Db = Kysely<Database> | Transaction<Database>;

export const ROLES: StaffRole[] = ["officer", "supervisor", "editor", "admin"];

/** After this many wrong passwords or codes in a row, the account waits. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createStaff(
  db: Db,
  input: {
    email: string;
    name: string;
    role: StaffRole;
    password: string;
    teamIds?: string[];
    totpSecret?: string;
  },
  now: Date = new Date(),
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("staff")
    .values({
      id,
      email: normaliseEmail(input.email),
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      totp_secret: input.totpSecret ?? null,
      active: 1,
      failed_attempts: 0,
      locked_until: null,
      created_at: now.toISOString(),
    })
    .execute();
  for (const teamId of input.teamIds ?? []) {
    await db.insertInto("team_members").values({ team_id: teamId, staff_id: id }).execute();
  }
  return id;
}

export async function findStaffByEmail(db: Db, email: string): Promise<StaffTable | undefined> {
  return db
    .selectFrom("staff")
    .selectAll()
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

export async function findStaffById(db: Db, id: string): Promise<StaffTable | undefined> {
  return db.selectFrom("staff").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * The signed-in view of an account: who they are, their role and their teams. Given when
 * the session last proved the account's credentials (signing in, or changing the password
 * in it), nothing if they have changed since (an admin's reset, a change in another
 * session): a change ends every session that proved them before it.
 */
export async function loadStaffMember(
  db: Db,
  id: string,
  provenAt?: string,
): Promise<StaffMember | undefined> {
  const row = await findStaffById(db, id);
  if (!row || !row.active) return undefined;
  if (provenAt !== undefined && row.credentials_changed_at !== null) {
    if (Date.parse(provenAt) < Date.parse(row.credentials_changed_at)) return undefined;
  }
  const teams = await db
    .selectFrom("team_members")
    .select("team_id")
    .where("staff_id", "=", id)
    .execute();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    teamIds: teams.map((t) => t.team_id),
  };
}

/** When an attempt made at `now` that reaches the limit locks the account until. */
const lockUntilAfter = (now: Date) => new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();

/** The new count and lock of a counted attempt, worked out by the database from its own row. */
function counting(now: Date) {
  const lockUntil = lockUntilAfter(now);
  return (eb: ExpressionBuilder<Database, "staff">) => ({
    failed_attempts: eb("failed_attempts", "+", 1),
    locked_until: eb
      .case()
      .when("failed_attempts", ">=", MAX_FAILED_ATTEMPTS - 1)
      .then(lockUntil)
      .else(eb.ref("locked_until"))
      .end(),
  });
}

/**
 * Counts an attempt at the account's password or second-factor code before it is checked,
 * and says whether it may be checked at all: false when the account is locked. Counting first means guesses sent all
 * at once cannot each be checked against a count none of them has raised yet: the attempt
 * that reaches the limit locks the account, and any after it are refused unchecked. A right
 * password then takes its attempt back (`withdrawAttempt`); a right code, or a changed
 * password, clears the count.
 */
export async function countAttempt(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("staff")
    .set(counting(now))
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now.toISOString())]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Takes back an attempt counted by `countAttempt` (at `now`) whose password was right. If that
 * attempt set the lock (it reached the limit, or came after an earlier lock ran out), the lock
 * goes with it: a right password is never what locks an account.
 */
export async function withdrawAttempt(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable("staff")
    .set((eb) => ({
      failed_attempts: eb("failed_attempts", "-", 1),
      locked_until: eb
        .case()
        .when("locked_until", "=", lockUntilAfter(now))
        .then(null)
        .else(eb.ref("locked_until"))
        .end(),
    }))
    .where("id", "=", id)
    .where("failed_attempts", ">", 0)
    .execute();
}

export async function clearFailedAttempts(db: Db, id: string): Promise<void> {
  await db
    .updateTable("staff")
    .set({ failed_attempts: 0, locked_until: null })
    .where("id", "=", id)
    .execute();
}

export function isLocked(row: StaffTable, now: Date): boolean {
  return row.locked_until !== null && row.locked_until > now.toISOString();
}
