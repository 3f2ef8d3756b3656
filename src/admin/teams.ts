// Teams as an admin manages them: their queue settings (name, area, alert mailbox, target,
// webhook) and their members. A team's id is what form routing rules name, so it is chosen
// once, when the team is added, and never changes. Every change is audited with it.
import type { Kysely, Transaction } from "kysely";
import type { TeamTable } from "../cases/tables.ts";
import { findTeam } from "../cases/teams.ts";
import type { Database } from "../db/schema.ts";
import { normaliseEmail } from "../staff/accounts.ts";
import { audit } from "../staff/audit.ts";
import { type ErrorItem, looksLikeEmail } from "./forms.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type TeamSummary = {
  id: string;
  name: string;
  areaCode: string | null;
  targetHours: number;
  members: number;
};

export async function listTeamSummaries(db: Db): Promise<TeamSummary[]> {
  const rows = await db
    .selectFrom("teams")
    .leftJoin("team_members", "team_members.team_id", "teams.id")
    .select((eb) => [
      "teams.id",
      "teams.name",
      "teams.area_code",
      "teams.target_hours",
      eb.fn.count("team_members.staff_id").as("members"),
    ])
    .groupBy(["teams.id", "teams.name", "teams.area_code", "teams.target_hours"])
    .orderBy("teams.name")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    areaCode: row.area_code,
    targetHours: Number(row.target_hours),
    members: Number(row.members),
  }));
}

export type TeamMember = {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
};

export async function listMembers(db: Db, teamId: string): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom("team_members")
    .innerJoin("staff", "staff.id", "team_members.staff_id")
    .select(["staff.id", "staff.name", "staff.email", "staff.role", "staff.active"])
    .where("team_members.team_id", "=", teamId)
    .orderBy("staff.name")
    .execute();
  return rows.map((row) => ({ ...row, active: Boolean(Number(row.active)) }));
}

/** What the team form sends, as typed. */
export type TeamInput = {
  id: string;
  name: string;
  areaCode: string;
  alertEmail: string;
  targetHours: string;
  webhookUrl: string;
  /** A new secret; blank keeps the one there is. */
  webhookSecret: string;
};

export type TeamSettings = Omit<TeamTable, "id" | "created_at">;

/**
 * Checks the form. `existing` is the team being changed (undefined when adding one): its
 * id cannot change, and its webhook secret is kept unless a new one is given. Removing the
 * webhook's address removes its secret too.
 */
export async function checkTeam(
  db: Db,
  input: TeamInput,
  existing: TeamTable | undefined,
): Promise<{ errors: ErrorItem[]; settings?: TeamSettings; id: string }> {
  const errors: ErrorItem[] = [];
  const id = existing ? existing.id : input.id.toLowerCase();
  if (!existing) {
    if (!id) errors.push({ text: "Enter a team ID", href: "#id" });
    else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || id.length > 64)
      errors.push({
        text: "Team ID must be 64 characters or less, and only letters, numbers and single hyphens",
        href: "#id",
      });
    else if (await findTeam(db, id))
      errors.push({ text: "There is already a team with this ID", href: "#id" });
  }
  if (!input.name) errors.push({ text: "Enter the team’s name", href: "#name" });
  else if (input.name.length > 200)
    errors.push({ text: "Name must be 200 characters or less", href: "#name" });
  const areaCode = input.areaCode.toUpperCase().replace(/\s/g, "");
  if (areaCode && !/^[A-Z]\d{8}$/.test(areaCode))
    errors.push({
      text: "Area code must be a GSS code: a letter and 8 digits, like E09000007",
      href: "#areaCode",
    });
  const alertEmail = normaliseEmail(input.alertEmail);
  if (alertEmail && !looksLikeEmail(alertEmail))
    errors.push({
      text: "Enter the alert email address in the correct format, like team@example.police.uk",
      href: "#alertEmail",
    });
  const hours = input.targetHours.replace(/\s/g, "");
  const targetHours = Number(hours);
  if (!hours) errors.push({ text: "Enter the target in hours", href: "#targetHours" });
  else if (!/^\d+$/.test(hours) || targetHours < 1 || targetHours > 8760)
    errors.push({
      text: "Target must be a whole number of hours from 1 to 8760 (a year)",
      href: "#targetHours",
    });
  const webhookUrl = input.webhookUrl;
  if (webhookUrl) {
    let url: URL | undefined;
    try {
      url = new URL(webhookUrl);
    } catch {}
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || webhookUrl.length > 2000)
      errors.push({
        text: "Enter the webhook address as a full web address, like https://records.example.police.uk/bluelamp",
        href: "#webhookUrl",
      });
  }
  const webhookSecret = webhookUrl ? input.webhookSecret || existing?.webhook_secret || "" : "";
  if (webhookUrl && !webhookSecret)
    errors.push({
      text: "Enter a webhook secret: the records system uses it to check messages come from here",
      href: "#webhookSecret",
    });
  else if (input.webhookSecret && input.webhookSecret.length < 16)
    errors.push({ text: "Webhook secret must be 16 characters or more", href: "#webhookSecret" });
  else if (input.webhookSecret.length > 500)
    errors.push({ text: "Webhook secret must be 500 characters or less", href: "#webhookSecret" });
  if (errors.length > 0) return { errors, id };
  return {
    errors,
    id,
    settings: {
      name: input.name,
      area_code: areaCode || null,
      alert_email: alertEmail || null,
      target_hours: targetHours,
      webhook_url: webhookUrl || null,
      webhook_secret: webhookSecret || null,
    },
  };
}

export async function createTeam(
  db: Kysely<Database>,
  id: string,
  settings: TeamSettings,
  actorId: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("teams")
      .values({ id, ...settings, created_at: now.toISOString() })
      .execute();
    await audit(
      trx,
      { staffId: actorId, action: "team-created", detail: { team: id, ...describe(settings) } },
      now,
    );
  });
}

export async function updateTeam(
  db: Kysely<Database>,
  team: TeamTable,
  settings: TeamSettings,
  actorId: string,
  now: Date,
): Promise<void> {
  const before = describe(team);
  const after = describe(settings);
  const changed: Record<string, unknown> = Object.fromEntries(
    Object.entries(after).filter(([key, value]) => before[key] !== value),
  );
  // The secret itself never goes in the log; that it changed does.
  if (settings.webhook_secret !== team.webhook_secret) {
    delete changed.webhookSecretSet;
    changed.webhookSecret =
      settings.webhook_secret === null ? "removed" : team.webhook_secret ? "replaced" : "set";
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("teams").set(settings).where("id", "=", team.id).execute();
    await audit(
      trx,
      { staffId: actorId, action: "team-changed", detail: { team: team.id, changed } },
      now,
    );
  });
}

/** A team's settings for the audit log: the secret only as "set" or not, never its value. */
function describe(settings: TeamSettings): Record<string, string | number | boolean | null> {
  return {
    name: settings.name,
    areaCode: settings.area_code,
    alertEmail: settings.alert_email,
    targetHours: Number(settings.target_hours),
    webhookUrl: settings.webhook_url,
    webhookSecretSet: settings.webhook_secret !== null,
  };
}

export async function addMember(
  db: Kysely<Database>,
  teamId: string,
  staffId: string,
  actorId: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto("team_members")
      .values({ team_id: teamId, staff_id: staffId })
      .onConflict((oc) => oc.columns(["team_id", "staff_id"]).doNothing())
      .executeTakeFirst();
    const added = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    if (added)
      await audit(
        trx,
        {
          staffId: actorId,
          action: "team-member-added",
          detail: { team: teamId, account: staffId },
        },
        now,
      );
    return added;
  });
}

export async function removeMember(
  db: Kysely<Database>,
  teamId: string,
  staffId: string,
  actorId: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom("team_members")
      .where("team_id", "=", teamId)
      .where("staff_id", "=", staffId)
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed)
      await audit(
        trx,
        {
          staffId: actorId,
          action: "team-member-removed",
          detail: { team: teamId, account: staffId },
        },
        now,
      );
    return removed;
  });
}
