// The public data in the police.uk API's shapes (https://data.police.uk/docs/), so that
// existing police.uk clients work against Bluelamp: the same paths, field names, types
// (coordinates as strings), status codes and limits (one mile around a point; a custom area
// with more than 10,000 crimes is a 503).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import { formatNumber } from "../platform/numbers.ts";
import { ALL_CRIME, apiCategories, isCategorySlug } from "./categories.ts";
import {
  boxAround,
  type Geometry,
  largestOuterRing,
  placeInRing,
  type Ring,
  withinMetres,
} from "./geometry.ts";
import {
  boundaryOf,
  findForce,
  findNeighbourhood,
  listForces,
  neighbourhoodsOfForce,
  teamOf,
} from "./repository.ts";
import type { NeighbourhoodService } from "./service.ts";
import {
  crimesJson,
  firstAtOrAbove,
  monthOfCrimes,
  SpareBuffers,
  StreetCrimeCache,
} from "./street-crime-cache.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const ONE_MILE_METRES = 1609.344;
/** police.uk refuses custom areas with more crimes than this, with a 503. */
export const CRIME_LIMIT = 10_000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

type CrimeRow = {
  id: number;
  police_id: number | null;
  persistent_id: string;
  month: string;
  category: string;
  latitude: number | null;
  longitude: number | null;
  street_id: number | null;
  street_name: string;
  location_type: string;
  location_subtype: string;
  context: string;
  outcome_category: string | null;
  outcome_date: string | null;
};

const crimeColumns = [
  "id",
  "police_id",
  "persistent_id",
  "month",
  "category",
  "latitude",
  "longitude",
  "street_id",
  "street_name",
  "location_type",
  "location_subtype",
  "context",
  "outcome_category",
  "outcome_date",
] as const;

const coordinate = (n: number) => n.toFixed(6);

/** One crime as police.uk's crimes-street and crimes-no-location return it. */
export function apiCrime(row: CrimeRow) {
  const located = row.latitude !== null && row.longitude !== null;
  return {
    category: row.category,
    location_type: located ? row.location_type : null,
    location: located
      ? {
          latitude: coordinate(row.latitude as number),
          street: { id: row.street_id ?? 0, name: row.street_name },
          longitude: coordinate(row.longitude as number),
        }
      : null,
    context: row.context,
    outcome_status: row.outcome_category
      ? { category: row.outcome_category, date: row.outcome_date ?? row.month }
      : null,
    persistent_id: row.persistent_id,
    id: row.police_id ?? Number(row.id),
    location_subtype: row.location_subtype,
    month: row.month,
  };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** "52.268,0.543:52.794,0.238:52.130,0.478" → a ring of [lng, lat]. */
export function parsePoly(text: string): Ring | undefined {
  const points = text.split(":").map((pair) => pair.split(",").map(Number));
  if (points.length < 3 || points.length > 1000) return undefined;
  const ring: Ring = [];
  for (const p of points) {
    if (p.length !== 2 || !p.every(Number.isFinite)) return undefined;
    const [lat, lng] = p;
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
    ring.push([lng, lat]);
  }
  return ring;
}

export async function policeApiRoutes(
  app: FastifyInstance,
  options: { service: NeighbourhoodService },
) {
  const { service } = options;
  const db = service.db;
  const openapi = fs.readFileSync(path.join(here, "openapi.json"), "utf8");
  // Each month's located crimes, as police.uk JSON, sorted by latitude.
  const streetCrimes = new StreetCrimeCache(async (month, live) => {
    const rows = (await db
      .selectFrom("street_crimes")
      .select(crimeColumns)
      .where("month", "=", month)
      .where("latitude", "is not", null)
      .where("import_id", "in", live)
      .orderBy("latitude")
      .orderBy("id")
      .execute()) as CrimeRow[];
    return monthOfCrimes(
      rows.map((r) => ({
        latitude: r.latitude as number,
        longitude: r.longitude as number,
        category: r.category,
        json: JSON.stringify(apiCrime(r)),
      })),
    );
  });

  // Answers up to 1 MiB (about 2,300 crimes: a one-mile circle in central London holds a
  // few hundred) reuse one of up to 16 buffers.
  const answers = new SpareBuffers(1024 * 1024, 16);

  // Public data for any client, as police.uk serves it: readable from other origins, cached
  // briefly by browsers and proxies.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.url.startsWith("/api/")) {
      reply.header("access-control-allow-origin", "*");
      if (reply.statusCode === 200) reply.header("cache-control", "public, max-age=300");
    }
    return payload;
  });

  const notFound = (reply: FastifyReply, message = "Not found") =>
    reply.code(404).send({ error: message });
  const badRequest = (reply: FastifyReply, message: string) =>
    reply.code(400).send({ error: message });

  app.get("/api/openapi.json", async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(openapi),
  );

  app.get("/api/forces", async () =>
    (await listForces(db)).map((f) => ({ id: f.id, name: f.name })),
  );

  app.get<{ Params: { force: string } }>("/api/forces/:force", async (request, reply) => {
    const force = await findForce(db, request.params.force);
    if (!force) return notFound(reply, "Force not found");
    return {
      description: force.description,
      url: force.url,
      engagement_methods: parseJson(force.engagement_methods, []),
      telephone: force.telephone,
      id: force.id,
      name: force.name,
    };
  });

  app.get<{ Querystring: { date?: string } }>("/api/crime-categories", async (request, reply) => {
    const date = request.query.date;
    if (date !== undefined && !MONTH.test(date)) return badRequest(reply, "date must be YYYY-MM");
    return apiCategories();
  });

  /** Months with street-level crime, newest first, and the import that is live for each. */
  const streetMonths = () => service.streetMonths();

  app.get("/api/crimes-street-dates", async () => {
    const months = [...new Set((await streetMonths()).map((m) => m.month))];
    // We hold no stop and search data, so no force is listed for it.
    return months.map((date) => ({ date, "stop-and-search": [] as string[] }));
  });

  /** The month asked for (or the latest), and the imports whose rows are live for it. */
  async function monthFor(date: string | undefined) {
    let months = await streetMonths();
    // A month we did not know of a moment ago may have been imported since (by another
    // process, say): look again rather than answer "none" for the rest of the half-minute.
    if (date !== undefined && !months.some((m) => m.month === date)) {
      months = await service.streetMonths({ fresh: true });
    }
    const month = date ?? months[0]?.month;
    const live = months.filter((m) => m.month === month).map((m) => m.import_id);
    return { month, live };
  }

  app.get<{
    Params: { category: string };
    Querystring: { lat?: string; lng?: string; poly?: string; date?: string };
  }>("/api/crimes-street/:category", async (request, reply) => {
    const { category } = request.params;
    const { lat, lng, poly, date } = request.query;
    if (category !== ALL_CRIME && !isCategorySlug(category)) {
      return notFound(reply, "Unknown crime category");
    }
    if (date !== undefined && !MONTH.test(date)) return badRequest(reply, "date must be YYYY-MM");
    let ring: Ring | undefined;
    let centre: { lat: number; lng: number } | undefined;
    if (poly !== undefined) {
      ring = parsePoly(poly);
      if (!ring) return badRequest(reply, "poly must be at least three lat,lng pairs joined by :");
    } else {
      const la = Number(lat);
      const ln = Number(lng);
      if (lat === undefined || lng === undefined || lat === "" || lng === "") {
        return badRequest(reply, "Give lat and lng, or poly");
      }
      if (!Number.isFinite(la) || !Number.isFinite(ln) || Math.abs(la) > 90 || Math.abs(ln) > 180) {
        return badRequest(reply, "lat and lng must be numbers in degrees");
      }
      centre = { lat: la, lng: ln };
    }
    const { month, live } = await monthFor(date);
    if (!month || live.length === 0) return [];

    const box = centre
      ? boxAround(centre.lat, centre.lng, ONE_MILE_METRES)
      : {
          minLng: Math.min(...ring!.map((p) => p[0])),
          maxLng: Math.max(...ring!.map((p) => p[0])),
          minLat: Math.min(...ring!.map((p) => p[1])),
          maxLat: Math.max(...ring!.map((p) => p[1])),
        };
    const crimes = await streetCrimes.get(month, live);
    // Indexes of the crimes inside, in the month's order (by latitude).
    const found: number[] = [];
    const all = category === ALL_CRIME;
    const { latitude, longitude } = crimes;
    const inCircle = centre && withinMetres(centre.lat, centre.lng, ONE_MILE_METRES);
    for (
      let i = firstAtOrAbove(latitude, box.minLat);
      i < latitude.length && latitude[i] <= box.maxLat;
      i++
    ) {
      const la = latitude[i];
      const ln = longitude[i];
      if (ln < box.minLng || ln > box.maxLng) continue;
      if (!all && crimes.category[i] !== category) continue;
      const inside = inCircle ? inCircle(la, ln) : placeInRing(ln, la, ring!) !== "outside";
      if (inside) found.push(i);
    }
    if (found.length > CRIME_LIMIT) {
      return reply.code(503).send({
        error: `More than ${formatNumber(CRIME_LIMIT)} crimes: ask for a smaller area`,
      });
    }
    const answer = crimesJson(crimes, found, (size) => answers.take(size));
    // Handed to the operating system: the buffer can carry another answer.
    reply.raw.once("finish", () => answers.sent(answer));
    return reply.type("application/json; charset=utf-8").send(answer);
  });

  app.get<{ Querystring: { category?: string; force?: string; date?: string } }>(
    "/api/crimes-no-location",
    async (request, reply) => {
      const { category = ALL_CRIME, force, date } = request.query;
      if (!force) return badRequest(reply, "force is required");
      if (category !== ALL_CRIME && !isCategorySlug(category)) {
        return notFound(reply, "Unknown crime category");
      }
      if (date !== undefined && !MONTH.test(date)) return badRequest(reply, "date must be YYYY-MM");
      if (!(await findForce(db, force))) return notFound(reply, "Force not found");
      const { month, live } = await monthFor(date);
      if (!month || live.length === 0) return [];
      let query = db
        .selectFrom("street_crimes")
        .select(crimeColumns)
        .where("force_id", "=", force)
        .where("month", "=", month)
        .where("latitude", "is", null)
        .where("import_id", "in", live);
      if (category !== ALL_CRIME) query = query.where("category", "=", category);
      return ((await query.orderBy("id").execute()) as CrimeRow[]).map(apiCrime);
    },
  );

  app.get<{ Querystring: { q?: string } }>("/api/locate-neighbourhood", async (request, reply) => {
    const parts = (request.query.q ?? "").split(",").map((s) => s.trim());
    const [lat, lng] = parts.map(Number);
    if (
      parts.length !== 2 ||
      parts.some((p) => p === "") ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lng)
    ) {
      return badRequest(reply, "q must be latitude,longitude");
    }
    const areas = await service.areas();
    const id = areas.index.locate(lat, lng);
    if (!id) return notFound(reply, "No neighbourhood here");
    return { force: areas.forceOf.get(id), neighbourhood: id };
  });

  app.get<{ Params: { force: string } }>("/api/:force/neighbourhoods", async (request, reply) => {
    if (!(await findForce(db, request.params.force))) return notFound(reply, "Force not found");
    return neighbourhoodsOfForce(db, request.params.force);
  });

  /** The neighbourhood, if it belongs to the force named in the path. */
  async function neighbourhoodOf(force: string, id: string) {
    const n = await findNeighbourhood(db, id);
    return n && n.force_id === force ? n : undefined;
  }

  app.get<{ Params: { force: string; id: string } }>("/api/:force/:id", async (request, reply) => {
    const n = await neighbourhoodOf(request.params.force, request.params.id);
    if (!n) return notFound(reply, "Neighbourhood not found");
    return {
      url_force: n.url_force,
      contact_details: parseJson(n.contact_details, {}),
      name: n.name,
      links: parseJson(n.links, []),
      centre: { latitude: String(n.centre_latitude), longitude: String(n.centre_longitude) },
      locations: parseJson(n.locations, []),
      description: n.description,
      id: n.id,
      population: String(n.population ?? 0),
    };
  });

  app.get<{ Params: { force: string; id: string } }>(
    "/api/:force/:id/boundary",
    async (request, reply) => {
      const boundary = await boundaryOf(db, request.params.force, request.params.id);
      if (!boundary) return notFound(reply, "Neighbourhood not found");
      return largestOuterRing(JSON.parse(boundary) as Geometry).map(([lng, lat]) => ({
        latitude: String(lat),
        longitude: String(lng),
      }));
    },
  );

  app.get<{ Params: { force: string; id: string } }>(
    "/api/:force/:id/people",
    async (request, reply) => {
      const n = await neighbourhoodOf(request.params.force, request.params.id);
      if (!n) return notFound(reply, "Neighbourhood not found");
      const { people } = await teamOf(db, n.id);
      return people.map((p) => ({
        bio: p.bio,
        contact_details: parseJson(p.contact_details, {}),
        name: p.name,
        rank: p.rank,
      }));
    },
  );

  app.get<{ Params: { force: string; id: string } }>(
    "/api/:force/:id/priorities",
    async (request, reply) => {
      const n = await neighbourhoodOf(request.params.force, request.params.id);
      if (!n) return notFound(reply, "Neighbourhood not found");
      const { priorities } = await teamOf(db, n.id);
      return priorities.map((p) => ({
        action: p.action,
        "issue-date": p.issue_date,
        "action-date": p.action_date,
        issue: p.issue,
      }));
    },
  );

  app.get<{ Params: { force: string; id: string } }>(
    "/api/:force/:id/events",
    async (request, reply) => {
      const n = await neighbourhoodOf(request.params.force, request.params.id);
      if (!n) return notFound(reply, "Neighbourhood not found");
      const { events } = await teamOf(db, n.id);
      return events.map((e) => ({
        contact_details: parseJson(e.contact_details, {}),
        description: e.description,
        title: e.title,
        address: e.address,
        type: e.type,
        start_date: e.start_date,
        end_date: e.end_date,
      }));
    },
  );

  // Anything else under /api/ is a JSON 404, not the HTML page-not-found.
  app.get("/api/*", async (_request, reply) => notFound(reply));
}
