// Teams and their queues. Seeded from seed/teams.yaml into an empty database; after that the
// database is the truth and admins change it in the back office.
import fs from "node:fs";
import type { Kysely, Transaction } from "kysely";
import { parse } from "yaml";
import { type Facts, LOCAL_NEIGHBOURHOOD_TEAM } from "../forms/engine/index.ts";
import type { Database } from "../db/schema.ts";
import type { TeamTable } from "./tables.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type Team = TeamTable;

type SeedTeam = {
  id: string;
  name: string;
  area?: string;
  "alert-email"?: string;
  "target-hours": number;
  "webhook-url"?: string;
  "webhook-secret"?: string;
};

/** Loads the teams file into an empty teams table; does nothing once teams exist. */
export async function seedTeams(db: Kysely<Database>, file: string, now: Date): Promise<number> {
  const existing = await db.selectFrom("teams").select("id").limit(1).executeTakeFirst();
  if (existing) return 0;
  const { teams } = parse(fs.readFileSync(file, "utf8")) as { teams: SeedTeam[] };
  if (!Array.isArray(teams) || teams.length === 0) throw new Error(`${file}: no teams`);
  const rows = teams.map((t) => {
    if (!/^[a-z0-9-]+$/.test(t.id) || !t.name || !Number.isInteger(t["target-hours"])) {
      throw new Error(
        `${file}: team ${JSON.stringify(t.id)} needs an id, a name and whole target-hours`,
      );
    }
    return {
      id: t.id,
      name: t.name,
      area_code: t.area ?? null,
      alert_email: t["alert-email"] ?? null,
      target_hours: t["target-hours"],
      webhook_url: t["webhook-url"] ?? null,
      webhook_secret: t["webhook-secret"] ?? null,
      created_at: now.toISOString(),
    };
  });
  await db.transaction().execute(async (trx) => {
    // Another process may have seeded in the meantime; the primary key keeps one copy.
    for (const row of rows)
      await trx
        .insertInto("teams")
        .values(row)
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
  });
  return rows.length;
}

export async function findTeam(db: Db, id: string): Promise<Team | undefined> {
  return db.selectFrom("teams").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listTeams(db: Db): Promise<Team[]> {
  return db.selectFrom("teams").selectAll().orderBy("name").execute();
}

/**
 * The first routing candidate that names a team that exists. `local-neighbourhood-team`
 * means the team whose area is the neighbourhood, or else the borough, of where it happened.
 */
export async function resolveQueue(
  db: Db,
  candidates: string[],
  facts: Facts,
): Promise<Team | undefined> {
  for (const candidate of candidates) {
    if (candidate === LOCAL_NEIGHBOURHOOD_TEAM) {
      for (const area of [facts.neighbourhood, facts.borough]) {
        if (!area) continue;
        const team = await db
          .selectFrom("teams")
          .selectAll()
          .where("area_code", "=", area)
          .orderBy("id")
          .executeTakeFirst();
        if (team) return team;
      }
      continue;
    }
    const team = await findTeam(db, candidate);
    if (team) return team;
  }
  return undefined;
}
