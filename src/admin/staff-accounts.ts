// Staff accounts as an admin manages them: who there is, what role and teams they have, and
// the switches an admin can flip (active, locked, second factor, password). Every change is
// written with its audit entry in one transaction, so the log cannot miss one.
import { randomInt } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { StaffRole, StaffTable } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { createStaff, findStaffByEmail, normaliseEmail, ROLES } from "../staff/accounts.ts";
import { audit } from "../staff/audit.ts";
import { hashPassword, passwordProblem } from "../staff/passwords.ts";
import { type ErrorItem, looksLikeEmail } from "./forms.ts";

type Db = Kysely<Database> | Transaction<Database>;

export const ROLE_NAMES: Record<StaffRole, string> = {
  officer: "Officer",
  supervisor: "Supervisor",
  editor: "Editor",
  admin: "Admin",
};

export const ROLE_HINTS: Record<StaffRole, string> = {
  officer: "Works the cases in their teams' queues",
  supervisor:
    "As an officer, and also assigns cases, sets priorities, exports queues and reads the audit log",
  editor: "Writes and edits content pages; sees no cases",
  admin: "Everything: manages staff accounts, teams and the outbox, and publishes content",
};

export function isRole(value: string): value is StaffRole {
  return (ROLES as string[]).includes(value);
}

/** One account as the list and the account page show it. */
export type StaffAccount = {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  active: boolean;
  /** Locked after too many wrong passwords or codes, until `lockedUntil`. */
  locked: boolean;
  lockedUntil: string | null;
  failedAttempts: number;
  secondFactorSetUp: boolean;
  createdAt: string;
  teams: Array<{ id: string; name: string }>;
};

/** Every account, by name, with its teams; `search` narrows by name or email. */
export async function listAccounts(
  db: Db,
  now: Date,
  options: { search?: string } = {},
): Promise<StaffAccount[]> {
  const rows = await db.selectFrom("staff").selectAll().orderBy("name").orderBy("email").execute();
  const search = options.search?.trim().toLowerCase();
  const chosen = search
    ? rows.filter((row) => row.name.toLowerCase().includes(search) || row.email.includes(search))
    : rows;
  return withTeams(db, chosen, now);
}

export async function findAccount(
  db: Db,
  id: string,
  now: Date,
): Promise<StaffAccount | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const rows = await db.selectFrom("staff").selectAll().where("id", "=", id).execute();
  return (await withTeams(db, rows, now))[0];
}

async function withTeams(db: Db, rows: StaffTable[], now: Date): Promise<StaffAccount[]> {
  if (rows.length === 0) return [];
  let memberships = db
    .selectFrom("team_members")
    .innerJoin("teams", "teams.id", "team_members.team_id")
    .select(["team_members.staff_id", "teams.id", "teams.name"])
    .orderBy("teams.name");
  // One account: only its teams. The list: every membership, in one query.
  if (rows.length === 1) memberships = memberships.where("team_members.staff_id", "=", rows[0].id);
  const teamsOf = new Map<string, Array<{ id: string; name: string }>>();
  for (const m of await memberships.execute()) {
    const list = teamsOf.get(m.staff_id) ?? [];
    list.push({ id: m.id, name: m.name });
    teamsOf.set(m.staff_id, list);
  }
  const at = now.toISOString();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: Boolean(Number(row.active)),
    locked: row.locked_until !== null && row.locked_until > at,
    lockedUntil: row.locked_until,
    failedAttempts: Number(row.failed_attempts),
    secondFactorSetUp: row.totp_secret !== null,
    createdAt: row.created_at,
    teams: teamsOf.get(row.id) ?? [],
  }));
}

/**
 * A password for a new account or a reset, shown once to the admin to hand over: four groups
 * of four from letters and digits that cannot be mistaken for each other (about 80 bits).
 */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = "";
    for (let i = 0; i < 4; i++) group += alphabet[randomInt(alphabet.length)];
    groups.push(group);
  }
  return groups.join("-");
}

export type NewAccountInput = {
  name: string;
  email: string;
  role: string;
  teamIds: string[];
  /** Undefined: one is made, to be shown once. */
  password: string | undefined;
};

export type ValidNewAccount = {
  name: string;
  email: string;
  role: StaffRole;
  teamIds: string[];
  /** Undefined: generate one. */
  password: string | undefined;
};

export function nameProblem(name: string): string | undefined {
  if (!name) return "Enter their full name";
  if (name.length > 100) return "Name must be 100 characters or less";
  return undefined;
}

/** Checks a new account; the errors link to the form's fields. */
export async function checkNewAccount(
  db: Db,
  input: NewAccountInput,
): Promise<{ errors: ErrorItem[]; account?: ValidNewAccount }> {
  const errors: ErrorItem[] = [];
  const name = nameProblem(input.name);
  if (name) errors.push({ text: name, href: "#name" });
  const email = normaliseEmail(input.email);
  if (!email) errors.push({ text: "Enter their work email address", href: "#email" });
  else if (!looksLikeEmail(email))
    errors.push({
      text: "Enter an email address in the correct format, like name@example.police.uk",
      href: "#email",
    });
  else if (await findStaffByEmail(db, email))
    errors.push({ text: "There is already an account with this email address", href: "#email" });
  if (!isRole(input.role)) errors.push({ text: "Select a role", href: "#role" });
  const teamProblem = await teamsProblem(db, input.teamIds);
  if (teamProblem) errors.push({ text: teamProblem, href: "#teams" });
  const password = input.password;
  const problem = password === undefined ? undefined : passwordProblem(password);
  if (problem) errors.push({ text: problem, href: "#password" });
  if (errors.length > 0) return { errors };
  return {
    errors,
    account: {
      name: input.name,
      email,
      role: input.role as StaffRole,
      teamIds: input.teamIds,
      password,
    },
  };
}

async function teamsProblem(db: Db, teamIds: string[]): Promise<string | undefined> {
  if (teamIds.length === 0) return undefined;
  const found = await db.selectFrom("teams").select("id").where("id", "in", teamIds).execute();
  return found.length === teamIds.length ? undefined : "Select teams from the list";
}

/** Creates the account and records who did it; returns its id and its first password. */
export async function createAccount(
  db: Kysely<Database>,
  account: ValidNewAccount,
  actorId: string | null,
  now: Date,
): Promise<{ id: string; password: string; generated: boolean }> {
  const password = account.password ?? generatePassword();
  const id = await db.transaction().execute(async (trx) => {
    const id = await createStaff(trx, { ...account, password }, now);
    await audit(
      trx,
      {
        staffId: actorId,
        action: "staff-account-created",
        detail: { account: id, role: account.role, teams: account.teamIds },
      },
      now,
    );
    return id;
  });
  return { id, password, generated: account.password === undefined };
}

/** Checks a change of name, role and teams. An admin cannot take away their own admin role. */
export async function checkAccountChanges(
  db: Db,
  target: StaffAccount,
  actorId: string,
  input: { name: string; role: string; teamIds: string[] },
): Promise<ErrorItem[]> {
  const errors: ErrorItem[] = [];
  const name = nameProblem(input.name);
  if (name) errors.push({ text: name, href: "#name" });
  if (!isRole(input.role)) errors.push({ text: "Select a role", href: "#role" });
  else if (target.id === actorId && target.role === "admin" && input.role !== "admin")
    errors.push({
      text: "You cannot take away your own admin role. Ask another admin to do it",
      href: "#role",
    });
  const teamProblem = await teamsProblem(db, input.teamIds);
  if (teamProblem) errors.push({ text: teamProblem, href: "#teams" });
  return errors;
}

export async function updateAccount(
  db: Kysely<Database>,
  target: StaffAccount,
  input: { name: string; role: StaffRole; teamIds: string[] },
  actorId: string,
  now: Date,
): Promise<void> {
  const before = new Set(target.teams.map((t) => t.id));
  const after = new Set(input.teamIds);
  const added = [...after].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !after.has(id));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("staff")
      .set({ name: input.name, role: input.role })
      .where("id", "=", target.id)
      .execute();
    if (removed.length > 0)
      await trx
        .deleteFrom("team_members")
        .where("staff_id", "=", target.id)
        .where("team_id", "in", removed)
        .execute();
    for (const teamId of added)
      await trx
        .insertInto("team_members")
        .values({ team_id: teamId, staff_id: target.id })
        .onConflict((oc) => oc.columns(["team_id", "staff_id"]).doNothing())
        .execute();
    await audit(
      trx,
      {
        staffId: actorId,
        action: "staff-account-changed",
        detail: {
          account: target.id,
          ...(target.name !== input.name ? { name: "changed" } : {}),
          ...(target.role !== input.role ? { role: { from: target.role, to: input.role } } : {}),
          ...(added.length ? { teamsAdded: added } : {}),
          ...(removed.length ? { teamsRemoved: removed } : {}),
        },
      },
      now,
    );
  });
}

/** The switches on an account page, each one an audited change. */
export type AccountAction =
  | "deactivate"
  | "reactivate"
  | "unlock"
  | "reset-second-factor"
  | "reset-password";

export const ACCOUNT_ACTIONS: AccountAction[] = [
  "deactivate",
  "reactivate",
  "unlock",
  "reset-second-factor",
  "reset-password",
];

/** Why an admin may not do this to this account now, if they may not. */
export function accountActionProblem(
  action: AccountAction,
  target: StaffAccount,
  actorId: string,
): string | undefined {
  if (action === "deactivate" && target.id === actorId)
    return "You cannot deactivate your own account. Ask another admin to do it";
  if (action === "deactivate" && !target.active) return "This account is already deactivated";
  if (action === "reactivate" && target.active) return "This account is already active";
  return undefined;
}

/**
 * Does it. Deactivating takes effect on the person's next request (the back office re-reads
 * the account every time). Resetting the password or the second factor also ends every
 * session they have open; resetting the second factor makes them set up an authenticator
 * app again at their next sign-in. Returns a new password for "reset-password".
 */
export async function applyAccountAction(
  db: Kysely<Database>,
  action: AccountAction,
  target: StaffAccount,
  actorId: string,
  now: Date,
): Promise<{ password?: string }> {
  const password = action === "reset-password" ? generatePassword() : undefined;
  const hash = password ? await hashPassword(password) : undefined;
  await db.transaction().execute(async (trx) => {
    const update = trx.updateTable("staff").where("id", "=", target.id);
    switch (action) {
      case "deactivate":
        await update.set({ active: 0 }).execute();
        break;
      case "reactivate":
        await update.set({ active: 1 }).execute();
        break;
      case "unlock":
        await update.set({ failed_attempts: 0, locked_until: null }).execute();
        break;
      // A reset ends the person's open sessions (the back office's gate compares the time).
      case "reset-second-factor":
        await update
          .set({ totp_secret: null, credentials_changed_at: now.toISOString() })
          .execute();
        break;
      case "reset-password":
        await update
          .set({
            password_hash: hash!,
            failed_attempts: 0,
            locked_until: null,
            credentials_changed_at: now.toISOString(),
          })
          .execute();
        break;
    }
    await audit(
      trx,
      { staffId: actorId, action: `staff-account-${action}`, detail: { account: target.id } },
      now,
    );
  });
  return { password };
}
