// Postcodes: what someone typed, read as a full postcode, the first half of one, or neither;
// and the list of London postcodes (Code-Point Open) that says where each one is.
import { parse } from "csv-parse";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AreaLookup } from "./boundaries.ts";
import type { Db } from "./db.ts";
import { openText } from "./sources.ts";

export type PostcodeInput =
  /** A full postcode, normalised: "SW1A 1AA". */
  | { kind: "full"; postcode: string; outcode: string }
  /** Only the outward code (the first half): "SW1A". */
  | { kind: "outward"; outcode: string }
  /** The outward code and part of the inward code: "SW1A 1". */
  | { kind: "partial"; outcode: string }
  /** Looks like an attempt at a postcode (letters and digits) but is not one. */
  | { kind: "malformed" }
  /** Not a postcode at all: treat it as a place name. */
  | { kind: "not-a-postcode" };

const OUTWARD = "[A-Z]{1,2}[0-9][A-Z0-9]?";
const FULL = new RegExp(`^(${OUTWARD})([0-9][A-Z]{2})$`);
const OUTWARD_ONLY = new RegExp(`^${OUTWARD}$`);
const PARTIAL = new RegExp(`^(${OUTWARD}) ?([0-9][A-Z]?)$`);

export function readPostcode(typed: string): PostcodeInput {
  // A hyphen or a full stop in place of the space is read as the space.
  const upper = typed
    .toUpperCase()
    .replace(/(?<=[0-9A-Z])[-.](?=[0-9])/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (upper === "") return { kind: "not-a-postcode" };
  const compact = upper.replace(/ /g, "");
  const full = FULL.exec(compact);
  if (full) return { kind: "full", postcode: `${full[1]} ${full[2]}`, outcode: full[1] };
  // "SW1A 1" keeps its space; without one, "SW1A1" could be a whole outward code.
  const partial = PARTIAL.exec(upper);
  if (partial && upper.includes(" ")) return { kind: "partial", outcode: partial[1] };
  if (OUTWARD_ONLY.test(compact)) return { kind: "outward", outcode: compact };
  // Digits and letters only, short, with a digit in it: someone trying to type a postcode.
  if (/^[A-Z0-9 #./-]{2,10}$/.test(upper) && /[0-9]/.test(upper)) return { kind: "malformed" };
  return { kind: "not-a-postcode" };
}

export type PostcodeRow = Database["postcodes"];

export async function findPostcode(db: Db, postcode: string): Promise<PostcodeRow | undefined> {
  return db.selectFrom("postcodes").selectAll().where("postcode", "=", postcode).executeTakeFirst();
}

/** The neighbourhoods that the postcodes of an outward code fall in, most postcodes first. */
export async function neighbourhoodsForOutcode(
  db: Db,
  outcode: string,
): Promise<Array<{ neighbourhoodId: string; postcodes: number }>> {
  const rows = await db
    .selectFrom("postcodes")
    .select(["neighbourhood_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("outcode", "=", outcode)
    .where("neighbourhood_id", "is not", null)
    .groupBy("neighbourhood_id")
    .execute();
  return rows
    .map((r) => ({ neighbourhoodId: r.neighbourhood_id as string, postcodes: Number(r.n) }))
    .sort(
      (a, b) => b.postcodes - a.postcodes || a.neighbourhoodId.localeCompare(b.neighbourhoodId),
    );
}

export async function countPostcodes(db: Db): Promise<number> {
  const row = await db
    .selectFrom("postcodes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type PostcodeImportResult = {
  read: number;
  imported: number;
  outsideAreas: number;
  rejected: Record<string, number>;
};

/**
 * Loads a postcode CSV with postcode, latitude and longitude columns (Code-Point Open as
 * converted in the data README, or ONS's NSPL, which has the same column names). A row's
 * ward code, when it is one of our neighbourhoods, says where it is; otherwise its point does.
 * Re-importing updates rows in place.
 */
export async function importPostcodes(
  db: Kysely<Database>,
  file: string,
  areas: AreaLookup,
  signal?: AbortSignal,
): Promise<PostcodeImportResult> {
  const result: PostcodeImportResult = { read: 0, imported: 0, outsideAreas: 0, rejected: {} };
  const reject = (reason: string) => {
    result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
  };
  let batch: PostcodeRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    signal?.throwIfAborted();
    const rows = batch;
    batch = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        await trx
          .insertInto("postcodes")
          .values(rows.slice(i, i + 1000))
          .onConflict((oc) =>
            oc.column("postcode").doUpdateSet((eb) => ({
              outcode: eb.ref("excluded.outcode"),
              latitude: eb.ref("excluded.latitude"),
              longitude: eb.ref("excluded.longitude"),
              neighbourhood_id: eb.ref("excluded.neighbourhood_id"),
            })),
          )
          .execute();
      }
    });
  };
  const stream = await openText(file);
  try {
    const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      result.read++;
      const input = readPostcode(row.postcode ?? row.pcds ?? "");
      if (input.kind !== "full") {
        reject("not a postcode");
        continue;
      }
      const latitude = Number(row.latitude ?? row.lat);
      const longitude = Number(row.longitude ?? row.long);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || latitude > 90) {
        reject("no coordinates");
        continue;
      }
      const ward = row.admin_ward_code ?? row.osward ?? "";
      const neighbourhoodId = areas.forceOf.has(ward)
        ? ward
        : (areas.index.locate(latitude, longitude) ?? null);
      if (!neighbourhoodId) result.outsideAreas++;
      result.imported++;
      batch.push({
        postcode: input.postcode,
        outcode: input.outcode,
        latitude,
        longitude,
        neighbourhood_id: neighbourhoodId,
      });
      if (batch.length >= 10_000) await flush();
    }
    await flush();
  } finally {
    stream.destroy();
  }
  return result;
}
