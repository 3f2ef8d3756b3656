// Boundaries: neighbourhoods and boroughs from GeoJSON feature collections. For London the
// neighbourhoods are the 2022 wards (police.uk's Met neighbourhood ids are ward codes; see
// docs/adr/0005). Boundary files are a few hundred kilobytes, so they are read whole.
import { sql } from "kysely";
import type { Db } from "./db.ts";
import { asGeometry, boundingBox, type Geometry, pointInside } from "./geometry.ts";
import { openText } from "./sources.ts";
import { AreaIndex } from "./spatial-index.ts";

export type BoundaryFeature = { properties: Record<string, unknown>; geometry: Geometry };

export async function readFeatures(file: string): Promise<BoundaryFeature[]> {
  const stream = await openText(file);
  let body = "";
  for await (const chunk of stream as AsyncIterable<string>) body += chunk;
  const parsed = JSON.parse(body) as { type?: string; features?: unknown[] };
  if (parsed.type !== "FeatureCollection" || !Array.isArray(parsed.features)) {
    throw new Error(`${file} is not a GeoJSON FeatureCollection`);
  }
  const features: BoundaryFeature[] = [];
  for (const feature of parsed.features as Array<{ properties?: unknown; geometry?: unknown }>) {
    const geometry = asGeometry(feature.geometry);
    if (!geometry) throw new Error(`${file}: a feature has no polygon geometry`);
    features.push({ properties: (feature.properties ?? {}) as Record<string, unknown>, geometry });
  }
  return features;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/['’.]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export type NewBorough = { id: string; name: string; geometry: Geometry; population?: number };
export type NewNeighbourhood = {
  id: string;
  name: string;
  forceId: string;
  boroughId: string;
  geometry: Geometry;
  population?: number;
  description?: string;
  urlForce?: string;
  contactDetails?: Record<string, string>;
  links?: Array<{ url: string; title: string; description: string | null }>;
  locations?: unknown[];
};

/** Inserts or replaces boroughs and neighbourhoods (their teams are left as they are). */
export async function saveBoundaries(
  db: Db,
  boroughs: NewBorough[],
  neighbourhoods: NewNeighbourhood[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const b of boroughs) {
      const row = {
        id: b.id,
        name: b.name,
        slug: slugify(b.name),
        population: b.population ?? null,
        boundary: JSON.stringify(b.geometry),
      };
      await trx
        .insertInto("boroughs")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet(row))
        .execute();
    }
    const rows = neighbourhoods.map((n) => {
      const box = boundingBox(n.geometry);
      const centre = pointInside(n.geometry);
      return {
        id: n.id,
        force_id: n.forceId,
        borough_id: n.boroughId,
        name: n.name,
        slug: slugify(n.name),
        description: n.description ?? "",
        url_force: n.urlForce ?? "",
        population: n.population ?? null,
        centre_latitude: round6(centre.lat),
        centre_longitude: round6(centre.lng),
        contact_details: JSON.stringify(n.contactDetails ?? {}),
        links: JSON.stringify(n.links ?? []),
        locations: JSON.stringify(n.locations ?? []),
        boundary: JSON.stringify(n.geometry),
        min_latitude: box.minLat,
        min_longitude: box.minLng,
        max_latitude: box.maxLat,
        max_longitude: box.maxLng,
      };
    });
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto("neighbourhoods")
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            force_id: eb.ref("excluded.force_id"),
            borough_id: eb.ref("excluded.borough_id"),
            name: eb.ref("excluded.name"),
            slug: eb.ref("excluded.slug"),
            centre_latitude: eb.ref("excluded.centre_latitude"),
            centre_longitude: eb.ref("excluded.centre_longitude"),
            boundary: eb.ref("excluded.boundary"),
            min_latitude: eb.ref("excluded.min_latitude"),
            min_longitude: eb.ref("excluded.min_longitude"),
            max_latitude: eb.ref("excluded.max_latitude"),
            max_longitude: eb.ref("excluded.max_longitude"),
          })),
        )
        .execute();
    }
  });
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The spatial index of every neighbourhood, and each one's force. */
export type AreaLookup = { index: AreaIndex; forceOf: Map<string, string> };

export async function loadAreaLookup(db: Db): Promise<AreaLookup> {
  const rows = await db
    .selectFrom("neighbourhoods")
    .select(["id", "force_id", "boundary"])
    .execute();
  const index = new AreaIndex(
    rows.map((r) => ({ id: r.id, geometry: JSON.parse(r.boundary) as Geometry })),
  );
  return { index, forceOf: new Map(rows.map((r) => [r.id, r.force_id])) };
}

export async function countNeighbourhoods(db: Db): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from neighbourhoods`.execute(
    db,
  );
  return Number(row.rows[0]?.n ?? 0);
}
