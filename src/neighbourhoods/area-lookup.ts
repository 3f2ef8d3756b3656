// Where a postcode is, for routing a report to the local team (src/cases/facts.ts's
// AreaLookup): the neighbourhood and borough from the postcode list.
// buildApp uses it to route reports to the local team (deps.areaLookup overrides it).
import type { Area, AreaLookup } from "../cases/facts.ts";
import type { Db } from "./db.ts";
import { readPostcode } from "./postcodes.ts";

/** Neighbourhoods with their borough, as an Area: the columns both lookups give. */
function areasOfNeighbourhoods(db: Db) {
  return db
    .selectFrom("neighbourhoods as n")
    .innerJoin("boroughs as b", "b.id", "n.borough_id")
    .select([
      "n.id as neighbourhood",
      "n.name as neighbourhoodName",
      "b.id as borough",
      "b.name as boroughName",
    ]);
}

export function postcodeAreaLookup(db: Db): AreaLookup {
  return async (typed) => {
    const input = readPostcode(typed);
    if (input.kind !== "full") return undefined;
    const row = await areasOfNeighbourhoods(db)
      .innerJoin("postcodes as p", "p.neighbourhood_id", "n.id")
      .where("p.postcode", "=", input.postcode)
      .executeTakeFirst();
    // A plain object (SQLite rows have a null prototype).
    return row ? { ...row } : undefined;
  };
}

/**
 * The area a code names: a neighbourhood (with its borough) or a borough. For a report started
 * from an area page, whose link carries the code (src/forms/engine/prefill.ts).
 */
export function areaByCode(db: Db): (code: string) => Promise<Area | undefined> {
  return async (code) => {
    const neighbourhood = await areasOfNeighbourhoods(db)
      .where("n.id", "=", code)
      .executeTakeFirst();
    if (neighbourhood) return { ...neighbourhood };
    const borough = await db
      .selectFrom("boroughs")
      .select(["id as borough", "name as boroughName"])
      .where("id", "=", code)
      .executeTakeFirst();
    return borough ? { ...borough } : undefined;
  };
}
