// Staff accounts: creating them, finding them, and the counters that throttle sign-in.
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
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
 * the session signed in, nothing if an admin has reset the account's password or second
 * factor since then: the reset ends every session that came before it.
 */
export async function loadStaffMember(
  db: Db,
  id: string,
  signedInAt?: string,
): Promise<StaffMember | undefined> {
  const row = await findStaffById(db, id);
  if (!row || !row.active) return undefined;
  if (signedInAt !== undefined && row.credentials_changed_at !== null) {
    const signedIn = Date.parse(signedInAt);
    if (signedIn < Date.parse(row.credentials_changed_at)) return undefined;
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

export async function recordFailedAttempt(db: Db, row: StaffTable, now: Date): Promise<void> {
  const attempts = row.failed_attempts + 1;
  await db
    .updateTable("staff")
    .set({
      failed_attempts: attempts,
      locked_until:
        attempts >= MAX_FAILED_ATTEMPTS
          ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
          : row.locked_until,
    })
    .where("id", "=", row.id)
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
