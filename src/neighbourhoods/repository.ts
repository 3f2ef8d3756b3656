// Reads for the pages and the API: forces, boroughs, neighbourhoods and their teams, counts,
// and the months of data we hold. Writes for teams, priorities and events are here too, for
// the back office to call.
import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import type { Database } from "../db/schema.ts";
import { neighbourhoodCounts } from "./aggregates.ts";
import type { Db } from "./db.ts";
import type { CountRow } from "./statistics.ts";

export type Force = Selectable<Database["forces"]>;
export type Borough = { id: string; name: string; slug: string };
export type Neighbourhood = Omit<Selectable<Database["neighbourhoods"]>, "boundary"> & {
  borough_name: string;
  borough_slug: string;
};
export type Person = Selectable<Database["neighbourhood_people"]>;
export type Priority = Selectable<Database["neighbourhood_priorities"]>;
export type NeighbourhoodEvent = Selectable<Database["neighbourhood_events"]>;

const neighbourhoodColumns = [
  "n.id",
  "n.force_id",
  "n.borough_id",
  "n.name",
  "n.slug",
  "n.description",
  "n.url_force",
  "n.population",
  "n.centre_latitude",
  "n.centre_longitude",
  "n.contact_details",
  "n.links",
  "n.locations",
  "n.min_latitude",
  "n.min_longitude",
  "n.max_latitude",
  "n.max_longitude",
  "b.name as borough_name",
  "b.slug as borough_slug",
] as const;

function neighbourhoods(db: Db) {
  return db
    .selectFrom("neighbourhoods as n")
    .innerJoin("boroughs as b", "b.id", "n.borough_id")
    .select(neighbourhoodColumns);
}

export async function listForces(db: Db): Promise<Force[]> {
  return db.selectFrom("forces").selectAll().orderBy("name").execute();
}

export async function findForce(db: Db, id: string): Promise<Force | undefined> {
  return db.selectFrom("forces").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listBoroughs(db: Db): Promise<Borough[]> {
  return db.selectFrom("boroughs").select(["id", "name", "slug"]).orderBy("name").execute();
}

export async function findBoroughBySlug(db: Db, slug: string): Promise<Borough | undefined> {
  return db
    .selectFrom("boroughs")
    .select(["id", "name", "slug"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export async function findNeighbourhood(db: Db, id: string): Promise<Neighbourhood | undefined> {
  return neighbourhoods(db).where("n.id", "=", id).executeTakeFirst();
}

export async function findNeighbourhoodBySlugs(
  db: Db,
  boroughSlug: string,
  slug: string,
): Promise<Neighbourhood | undefined> {
  return neighbourhoods(db)
    .where("b.slug", "=", boroughSlug)
    .where("n.slug", "=", slug)
    .executeTakeFirst();
}

export async function neighbourhoodsOfForce(
  db: Db,
  forceId: string,
): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom("neighbourhoods")
    .select(["id", "name"])
    .where("force_id", "=", forceId)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export async function neighbourhoodsOfBorough(
  db: Db,
  boroughId: string,
): Promise<Array<{ id: string; name: string; slug: string }>> {
  return db
    .selectFrom("neighbourhoods")
    .select(["id", "name", "slug"])
    .where("borough_id", "=", boroughId)
    .orderBy("name")
    .execute();
}

export async function boundaryOf(db: Db, forceId: string, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("neighbourhoods")
    .select("boundary")
    .where("id", "=", id)
    .where("force_id", "=", forceId)
    .executeTakeFirst();
  return row?.boundary;
}

export async function neighbourhoodsByIds(db: Db, ids: string[]): Promise<Neighbourhood[]> {
  if (ids.length === 0) return [];
  return neighbourhoods(db).where("n.id", "in", ids).execute();
}

/** Case-insensitive search of neighbourhood and borough names. */
export async function searchByName(db: Db, text: string, limit = 50) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found = await neighbourhoods(db)
    .where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["n.name"]), "like", pattern),
        eb(eb.fn("lower", ["b.name"]), "like", pattern),
      ]),
    )
    .orderBy("n.name")
    .limit(limit)
    .execute();
  const boroughs = await db
    .selectFrom("boroughs")
    .select(["id", "name", "slug"])
    .where((eb) => eb(eb.fn("lower", ["name"]), "like", pattern))
    .orderBy("name")
    .execute();
  return { neighbourhoods: found, boroughs };
}

export async function teamOf(db: Db, neighbourhoodId: string) {
  const [people, priorities, events] = await Promise.all([
    db
      .selectFrom("neighbourhood_people")
      .selectAll()
      .where("neighbourhood_id", "=", neighbourhoodId)
      .orderBy("sort_order")
      .execute(),
    db
      .selectFrom("neighbourhood_priorities")
      .selectAll()
      .where("neighbourhood_id", "=", neighbourhoodId)
      .orderBy("sort_order")
      .execute(),
    db
      .selectFrom("neighbourhood_events")
      .selectAll()
      .where("neighbourhood_id", "=", neighbourhoodId)
      .orderBy("start_date")
      .execute(),
  ]);
  return { people, priorities, events };
}

/** Counts for one area (a neighbourhood, a borough or a force) over some months, by category. */
export async function countsFor(
  db: Db,
  kind: "neighbourhood" | "borough" | "force",
  id: string,
  from: string,
  to: string,
): Promise<CountRow[]> {
  if (kind === "neighbourhood") return neighbourhoodCounts(db, id, from, to);
  const rows = await db
    .selectFrom("crime_counts")
    .select(["month", "category", "count"])
    .where("area_kind", "=", kind)
    .where("area_id", "=", id)
    .where("month", ">=", from)
    .where("month", "<=", to)
    .execute();
  return rows.map((r) => ({ month: r.month, category: r.category, count: Number(r.count) }));
}

export type CrimeMonth = { forceId: string; month: string; source: string; records: number };

export async function crimeMonths(db: Db): Promise<CrimeMonth[]> {
  const rows = await db
    .selectFrom("crime_months")
    .select(["force_id", "month", "source", "records"])
    .orderBy("month", "desc")
    .orderBy("force_id")
    .execute();
  return rows.map((r) => ({
    forceId: r.force_id,
    month: r.month,
    source: r.source,
    records: Number(r.records),
  }));
}

/** The boroughs the neighbourhoods of these forces are in. */
export async function boroughsOfForces(db: Db, forces: string[]): Promise<string[]> {
  if (forces.length === 0) return [];
  const rows = await db
    .selectFrom("neighbourhoods")
    .select("borough_id")
    .distinct()
    .where("force_id", "in", forces)
    .orderBy("borough_id")
    .execute();
  return rows.map((r) => r.borough_id);
}

/** How many neighbourhoods each force and each borough has. */
export async function neighbourhoodsPerArea(db: Db) {
  const rows = await db
    .selectFrom("neighbourhoods")
    .select(["force_id", "borough_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["force_id", "borough_id"])
    .execute();
  const byForce = new Map<string, number>();
  const byBorough = new Map<string, number>();
  for (const r of rows) {
    byForce.set(r.force_id, (byForce.get(r.force_id) ?? 0) + Number(r.n));
    byBorough.set(r.borough_id, (byBorough.get(r.borough_id) ?? 0) + Number(r.n));
  }
  return { byForce, byBorough };
}

// Writes, for the back office. Each replaces one item; ids are generated here.

export async function savePerson(
  db: Db,
  person: Omit<Person, "id"> & { id?: string },
): Promise<string> {
  const id = person.id ?? randomUUID();
  const row = { ...person, id };
  await db
    .insertInto("neighbourhood_people")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
  return id;
}

export async function savePriority(
  db: Db,
  priority: Omit<Priority, "id"> & { id?: string },
): Promise<string> {
  const id = priority.id ?? randomUUID();
  const row = { ...priority, id };
  await db
    .insertInto("neighbourhood_priorities")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
  return id;
}

export async function saveEvent(
  db: Db,
  event: Omit<NeighbourhoodEvent, "id"> & { id?: string },
): Promise<string> {
  const id = event.id ?? randomUUID();
  const row = { ...event, id };
  await db
    .insertInto("neighbourhood_events")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
  return id;
}

export async function removeTeamItem(
  db: Db,
  table: "neighbourhood_people" | "neighbourhood_priorities" | "neighbourhood_events",
  id: string,
): Promise<void> {
  await db.deleteFrom(table).where("id", "=", id).execute();
}
