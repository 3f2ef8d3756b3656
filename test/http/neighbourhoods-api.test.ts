// The police.uk-shaped API on both dialects: every response has the shape of police.uk's own
// examples (src/neighbourhoods/fixtures/police-api-examples, from the police.uk
// documentation), the same status codes, the one-mile circle and the 10,000-crime limit.
// Crime counts are checked against an independent count of the source CSV.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { importCrimeFiles } from "../../src/neighbourhoods/import.ts";
import { londonSeedDir } from "../../src/neighbourhoods/seed.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = path.join(root, "src/neighbourhoods/fixtures");
const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(fixtures, "police-api-examples", `${name}.json`), "utf8"));
const cityJanuary = path.join(
  londonSeedDir,
  "crime/city-of-london/2024-01-city-of-london-street.csv.gz",
);

/** Fields police.uk documents as null when there is nothing to say (ASB has no outcome). */
const nullable = new Set(["outcome_status", "location", "location_type", "action-date"]);

/**
 * Same keys and the same JSON types as the police.uk example, all the way down. A null in
 * the example may be anything; contact_details is an open set of named strings.
 */
function assertShape(actual: unknown, expected: unknown, where = "$") {
  if (expected === null) return;
  if (actual === null && nullable.has(where.split(".").pop() ?? "")) return;
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  assert.equal(kind(actual), kind(expected), `${where}: ${JSON.stringify(actual)?.slice(0, 80)}`);
  if (Array.isArray(expected)) {
    for (const [i, item] of (actual as unknown[]).entries()) {
      if (expected.length > 0) assertShape(item, expected[0], `${where}[${i}]`);
    }
  } else if (kind(expected) === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    if (where.endsWith("contact_details")) {
      assert.ok(
        Object.values(a).every((v) => typeof v === "string"),
        where,
      );
      return;
    }
    assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `${where}: keys`);
    for (const key of Object.keys(e)) assertShape(a[key], e[key], `${where}.${key}`);
  }
}

/** The source CSV, read on its own: rows with coordinates and rows without. */
function cityRows() {
  const lines = zlib.gunzipSync(fs.readFileSync(cityJanuary)).toString("utf8").split("\r\n");
  return lines
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      // The fields we need come before any quoted Location, which is field 7.
      const f = line.split(",");
      return {
        category: f[9],
        lat: f[5] === "" ? null : Number(f[5]),
        lng: f[4] === "" ? null : Number(f[4]),
      };
    });
}

function metres(lat1: number, lng1: number, lat2: number, lng2: number) {
  const r = (d: number) => (d * Math.PI) / 180;
  const a =
    Math.sin(r(lat2 - lat1) / 2) ** 2 +
    Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lng2 - lng1) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-api-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

for (const dialect of testDialects()) {
  describe(`police.uk API (${dialect})`, () => {
    let t: TestApp;
    const get = (url: string) => t.app.inject({ url });
    before(async () => {
      t = await buildTestApp(dialect);
      await importCrimeFiles(t.database.handle.db, [
        cityJanuary,
        path.join(fixtures, "crimes-street-belsize-2018-06.json"),
      ]);
      t.app.neighbourhoods.invalidate();
    });
    after(() => t.close());

    test("forces: the list and each force, in police.uk's shapes", async () => {
      const list = await get("/api/forces");
      assert.equal(list.statusCode, 200);
      assert.equal(list.headers["access-control-allow-origin"], "*");
      assertShape(list.json(), [example("police-force-reference")]);
      assert.deepEqual(
        list
          .json()
          .map((f: { id: string }) => f.id)
          .sort(),
        ["city-of-london", "metropolitan"],
      );
      const met = await get("/api/forces/metropolitan");
      assertShape(met.json(), example("police-force"));
      assert.equal((await get("/api/forces/atlantis")).statusCode, 404);
    });

    test("crime categories and the months with street-level data", async () => {
      const categories = await get("/api/crime-categories?date=2024-01");
      assertShape(categories.json(), [example("crime-category")]);
      assert.equal(categories.json().length, 15);
      assert.equal(categories.json()[0].url, "all-crime");
      assert.equal((await get("/api/crime-categories?date=January")).statusCode, 400);
      const dates = await get("/api/crimes-street-dates");
      assertShape(dates.json(), [{ ...example("data-set"), "stop-and-search": [] }]);
      assert.deepEqual(
        dates.json().map((d: { date: string }) => d.date),
        ["2024-01", "2018-06"],
      );
    });

    test("crimes within one mile of a point: police.uk's crime shape, and the same count as the CSV", async () => {
      const [lat, lng] = [51.5155, -0.0922];
      const res = await get(`/api/crimes-street/all-crime?lat=${lat}&lng=${lng}&date=2024-01`);
      assert.equal(res.statusCode, 200);
      const crimes = res.json() as Array<{ location: { latitude: string; longitude: string } }>;
      for (const crime of crimes) assertShape(crime, example("crime"));
      const expected = cityRows().filter(
        (r) => r.lat !== null && metres(lat, lng, r.lat, r.lng as number) <= 1609.344,
      );
      assert.ok(expected.length > 300, `${expected.length} crimes in the mile around Bank`);
      assert.equal(crimes.length, expected.length);
      const burglary = await get(`/api/crimes-street/burglary?lat=${lat}&lng=${lng}&date=2024-01`);
      assert.equal(
        burglary.json().length,
        expected.filter((r) => r.category === "Burglary").length,
      );
      // Without a date: the latest month.
      const latest = await get(`/api/crimes-street/all-crime?lat=${lat}&lng=${lng}`);
      assert.equal(latest.json().length, crimes.length);
      // An ASB record has no outcome and an empty persistent id, as on police.uk.
      const asb = (
        await get(`/api/crimes-street/anti-social-behaviour?lat=${lat}&lng=${lng}`)
      ).json();
      assert.ok(asb.length > 0);
      assert.ok(
        asb.every(
          (c: { outcome_status: unknown; persistent_id: string }) =>
            c.outcome_status === null && c.persistent_id === "",
        ),
      );
    });

    test("crimes inside a custom area (poly)", async () => {
      const poly = "51.52,-0.10:51.52,-0.08:51.51,-0.08:51.51,-0.10";
      const res = await get(`/api/crimes-street/all-crime?poly=${poly}&date=2024-01`);
      assert.equal(res.statusCode, 200);
      const expected = cityRows().filter(
        (r) =>
          r.lat !== null &&
          r.lat >= 51.51 &&
          r.lat <= 51.52 &&
          (r.lng as number) >= -0.1 &&
          (r.lng as number) <= -0.08,
      );
      assert.equal(res.json().length, expected.length);
    });

    test("bad requests: 400 for bad coordinates or areas, 404 for an unknown category", async () => {
      for (const url of [
        "/api/crimes-street/all-crime",
        "/api/crimes-street/all-crime?lat=north&lng=0",
        "/api/crimes-street/all-crime?lat=51.5&lng=400",
        "/api/crimes-street/all-crime?poly=51.5,0:51.6,0",
        "/api/crimes-street/all-crime?lat=51.5&lng=-0.1&date=2024-1",
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        assert.ok(res.json().error, url);
      }
      assert.equal((await get("/api/crimes-street/jaywalking?lat=51.5&lng=-0.1")).statusCode, 404);
      assert.deepEqual(
        (await get("/api/crimes-street/all-crime?lat=51.5&lng=-0.1&date=1999-01")).json(),
        [],
      );
    });

    test("a custom area with more than 10,000 crimes is refused with a 503", async () => {
      const crime = example("crime");
      const many = Array.from({ length: 10_001 }, (_, i) => ({
        ...crime,
        id: 900_000_000 + i,
        month: "2020-02",
        location: { ...crime.location, latitude: "51.515500", longitude: "-0.092200" },
      }));
      const file = path.join(scratch, "many.json.gz");
      fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(many)));
      await importCrimeFiles(t.database.handle.db, [file]);
      const poly = "51.52,-0.10:51.52,-0.08:51.51,-0.08:51.51,-0.10";
      const res = await get(`/api/crimes-street/all-crime?poly=${poly}&date=2020-02`);
      assert.equal(res.statusCode, 503);
      const point = await get("/api/crimes-street/all-crime?lat=51.5155&lng=-0.0922&date=2020-02");
      assert.equal(point.statusCode, 503);
      const elsewhere = await get(
        "/api/crimes-street/all-crime?lat=51.45&lng=-0.0922&date=2020-02",
      );
      assert.equal(elsewhere.statusCode, 200);
    });

    test("crimes with no location, for a force", async () => {
      const res = await get(
        "/api/crimes-no-location?category=all-crime&force=city-of-london&date=2024-01",
      );
      assert.equal(res.statusCode, 200);
      const expected = cityRows().filter((r) => r.lat === null).length;
      assert.equal(res.json().length, expected);
      for (const crime of res.json()) {
        assertShape(crime, { ...example("crime"), location: null, location_type: null });
        assert.equal(crime.location, null);
      }
      assert.equal((await get("/api/crimes-no-location?category=all-crime")).statusCode, 400);
      assert.equal((await get("/api/crimes-no-location?force=atlantis")).statusCode, 404);
    });

    test("neighbourhoods of a force, one neighbourhood, its boundary, team, priorities and events", async () => {
      const list = await get("/api/metropolitan/neighbourhoods");
      assert.equal(list.statusCode, 200);
      assertShape(list.json(), [example("neighbourhood-reference")]);
      assert.equal(list.json().length, 679);
      assert.equal((await get("/api/city-of-london/neighbourhoods")).json().length, 25);

      const one = await get("/api/metropolitan/E05013655");
      const expected = example("neighbourhood");
      assertShape(one.json(), { ...expected, links: [], locations: [] });
      assert.equal(one.json().name, "Camden Town");
      assert.equal((await get("/api/city-of-london/E05013655")).statusCode, 404, "wrong force");
      assert.equal((await get("/api/metropolitan/E05999999")).statusCode, 404);

      const boundary = (await get("/api/metropolitan/E05013655/boundary")).json();
      assert.ok(boundary.length >= 4);
      for (const point of boundary) assertShape(point, example("coordinate"));

      const people = (await get("/api/metropolitan/E05013655/people")).json();
      assert.equal(people.length, 3);
      for (const person of people) assertShape(person, example("police-officer"));

      const priorities = (await get("/api/metropolitan/E05013655/priorities")).json();
      assert.equal(priorities.length, 2);
      for (const priority of priorities) assertShape(priority, example("neighbourhood-priority"));

      const events = (await get("/api/metropolitan/E05013655/events")).json();
      assert.equal(events.length, 1);
      assert.deepEqual(Object.keys(events[0]).sort(), [
        "address",
        "contact_details",
        "description",
        "end_date",
        "start_date",
        "title",
        "type",
      ]);
    });

    test("locate-neighbourhood finds the team for a point", async () => {
      const detail = (await get("/api/metropolitan/E05013655")).json();
      const res = await get(
        `/api/locate-neighbourhood?q=${detail.centre.latitude},${detail.centre.longitude}`,
      );
      assert.equal(res.statusCode, 200);
      assertShape(res.json(), example("neighbourhood-policing-team"));
      assert.deepEqual(res.json(), { force: "metropolitan", neighbourhood: "E05013655" });
      assert.equal((await get("/api/locate-neighbourhood?q=53.48,-2.24")).statusCode, 404);
      assert.equal((await get("/api/locate-neighbourhood?q=here")).statusCode, 400);
    });

    test("the OpenAPI description lists every path, and unknown API paths are JSON 404s", async () => {
      const res = await get("/api/openapi.json");
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, "3.1.0");
      for (const p of [
        "/forces",
        "/forces/{force}",
        "/crime-categories",
        "/crimes-street-dates",
        "/crimes-street/{category}",
        "/crimes-no-location",
        "/locate-neighbourhood",
        "/{force}/neighbourhoods",
        "/{force}/{id}",
        "/{force}/{id}/boundary",
        "/{force}/{id}/people",
        "/{force}/{id}/priorities",
        "/{force}/{id}/events",
      ]) {
        assert.ok(doc.paths[p], p);
      }
      const missing = await get("/api/no/such/thing");
      assert.equal(missing.statusCode, 404);
      assert.match(String(missing.headers["content-type"]), /json/);
    });
  });
}
