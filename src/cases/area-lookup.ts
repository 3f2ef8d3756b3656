// Where a postcode is, from the neighbourhood data: the ward (neighbourhood) and borough it
// lies in, for routing a report to the local team. Unknown or unloaded postcodes give nothing.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AreaLookup } from "./facts.ts";

export function databaseAreaLookup(db: Kysely<Database>): AreaLookup {
  return async (postcode) => {
    const row = await db
      .selectFrom("postcodes")
      .innerJoin("neighbourhoods", "neighbourhoods.id", "postcodes.neighbourhood_id")
      .innerJoin("boroughs", "boroughs.id", "neighbourhoods.borough_id")
      .select([
        "neighbourhoods.id as neighbourhood",
        "neighbourhoods.name as neighbourhoodName",
        "boroughs.id as borough",
        "boroughs.name as boroughName",
      ])
      .where("postcodes.postcode", "=", postcode)
      .executeTakeFirst();
    return row;
  };
}
