// The importer and the counts, on both dialects, against the real London boundaries and real
// police.uk files. Counts are checked against an independent count of the source files: a
// separate CSV reader and a brute-force point-in-polygon over every ward (no index, no SQL).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import { type Geometry, placeInGeometry } from "./geometry.ts";
import { importCrimeFiles } from "./import.ts";
import { findPostcode, neighbourhoodsForOutcode } from "./postcodes.ts";
import { countsFor } from "./repository.ts";
import { londonSeedDir, readLondonBoundaries, seedBoundaries } from "./seed.ts";
import { CountTable } from "./statistics.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "fixtures");
const city = (month: string) =>
  path.join(londonSeedDir, `crime/city-of-london/${month}-city-of-london-street.csv.gz`);
const metExtract = path.join(
  londonSeedDir,
  "crime/2023-01-metropolitan-street-first4000rows.csv.gz",
);

/** A CSV reader written for the test, independent of csv-parse: quotes, commas, CRLF. */
function readCsv(file: string): Array<Record<string, string>> {
  let text = fs.readFileSync(file);
  if (text[0] === 0x1f && text[1] === 0x8b) text = zlib.gunzipSync(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.toString("utf8");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

const categoryOfName: Record<string, string> = {
  "Anti-social behaviour": "anti-social-behaviour",
  "Bicycle theft": "bicycle-theft",
  Burglary: "burglary",
  "Criminal damage and arson": "criminal-damage-arson",
  Drugs: "drugs",
  "Other theft": "other-theft",
  "Possession of weapons": "possession-of-weapons",
  "Public order": "public-order",
  Robbery: "robbery",
  Shoplifting: "shoplifting",
  "Theft from the person": "theft-from-the-person",
  "Vehicle crime": "vehicle-crime",
  "Violence and sexual offences": "violent-crime",
  "Other crime": "other-crime",
};

type Ward = {
  id: string;
  boroughId: string;
  forceId: string;
  geometry: Geometry;
  box: [number, number, number, number];
};

/** Brute force: every ward, inside beats edge, lowest code wins on an edge. */
function wardOf(wards: Ward[], lat: number, lng: number): Ward | undefined {
  let edge: Ward | undefined;
  for (const w of wards) {
    if (lng < w.box[0] || lat < w.box[1] || lng > w.box[2] || lat > w.box[3]) continue;
    const placed = placeInGeometry(lng, lat, w.geometry);
    if (placed === "inside") return w;
    if (placed === "boundary" && (!edge || w.id < edge.id)) edge = w;
  }
  return edge;
}

/** Independent counts: "kind|id|month|category" -> n. */
function countStreetFiles(files: string[], wards: Ward[]) {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const file of files) {
    for (const row of readCsv(file)) {
      if (!row.Latitude) continue;
      const ward = wardOf(wards, Number(row.Latitude), Number(row.Longitude));
      if (!ward) continue;
      const c = categoryOfName[row["Crime type"]];
      add(`neighbourhood|${ward.id}|${row.Month}|${c}`);
      add(`borough|${ward.boroughId}|${row.Month}|${c}`);
      add(`force|${ward.forceId}|${row.Month}|${c}`);
    }
  }
  return counts;
}

async function storedCounts(t: TestDatabase, months: string[]) {
  const rows = await t.handle.db
    .selectFrom("crime_counts")
    .select(["area_kind", "area_id", "month", "category", "count"])
    .where("month", "in", months)
    .execute();
  return new Map(
    rows.map((r) => [`${r.area_kind}|${r.area_id}|${r.month}|${r.category}`, Number(r.count)]),
  );
}

async function countRows(t: TestDatabase, table: "street_crimes" | "recorded_crime_series") {
  const row = await t.handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function gzipTo(file: string, text: string) {
  fs.writeFileSync(file, zlib.gzipSync(text));
  return file;
}

let wards: Ward[];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-import-"));

before(async () => {
  const london = await readLondonBoundaries();
  wards = london.neighbourhoods.map((n) => {
    const points = (
      n.geometry.type === "Polygon" ? [n.geometry.coordinates] : n.geometry.coordinates
    ).flatMap((polygon) => polygon[0]);
    const lngs = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    return {
      id: n.id,
      boroughId: n.boroughId,
      forceId: n.forceId,
      geometry: n.geometry,
      box: [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)],
    };
  });
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

for (const dialect of testDialects()) {
  describe(`crime import (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      await t.handle.migrate();
      await seedBoundaries(t.handle.db);
    });
    after(() => t.cleanup());

    test("bad rows are counted by reason and never stop the run; ASB without an id and repeated Crime IDs are kept", async () => {
      const report = await importCrimeFiles(t.handle.db, [
        path.join(fixtures, "street-with-bad-rows.csv"),
      ]);
      const [file] = report.files;
      assert.equal(file.format, "street-csv");
      assert.equal(file.read, 11);
      assert.equal(file.imported, 6);
      assert.equal(file.noLocation, 1);
      assert.equal(file.outsideAreas, 1, "the Manchester row is kept but in no area");
      assert.deepEqual(file.rejected, {
        "bad coordinates": 2,
        "unknown category": 2,
        "bad month": 1,
      });
      const asb = await t.handle.db
        .selectFrom("street_crimes")
        .select(["persistent_id", "neighbourhood_id"])
        .where("category", "=", "anti-social-behaviour")
        .where("month", "=", "2024-01")
        .execute();
      assert.equal(asb.length, 2, "two ASB rows with no Crime ID are two records");
      assert.ok(asb.every((r) => r.persistent_id === "" && r.neighbourhood_id !== null));
      const theft = await t.handle.db
        .selectFrom("street_crimes")
        .select(["street_name"])
        .where("persistent_id", "=", "aaa111")
        .execute();
      assert.equal(theft.length, 2, "a repeated Crime ID is kept as police.uk counts it");
      assert.equal(theft[0].street_name, "On or near Bishopsgate, Liverpool Street");
    });

    test("counts match an independent count of the source files", async () => {
      const files = [city("2024-01"), city("2024-02"), city("2024-03"), metExtract];
      const report = await importCrimeFiles(t.handle.db, files);
      assert.deepEqual(
        report.months.map((m) => `${m.forceId} ${m.month} ${m.records}`),
        [
          "metropolitan 2023-01 4000",
          "city-of-london 2024-01 734",
          "city-of-london 2024-02 826",
          "city-of-london 2024-03 757",
        ],
      );
      const expected = countStreetFiles(files, wards);
      const stored = await storedCounts(t, ["2023-01", "2024-01", "2024-02", "2024-03"]);
      assert.ok(expected.size > 100, "the files cover many areas");
      assert.deepEqual(stored, expected);
      // Every source row is somewhere: in an area, outside every area, or without a location.
      const met = report.files.find((f) => f.file.startsWith("2023-01"))!;
      assert.equal(met.imported + Object.values(met.rejected).reduce((a, b) => a + b, 0), 4000);
      const metTotal = [...expected]
        .filter(([k]) => k.startsWith("force|metropolitan|2023-01|"))
        .reduce((n, [, v]) => n + v, 0);
      assert.equal(metTotal, 4000 - met.outsideAreas);
      // What a page reads for one area: the same counts, and all crime is their sum.
      const camden = await countsFor(t.handle.db, "borough", "E09000007", "2024-01", "2024-03");
      const table = new CountTable(camden);
      const camdenExpected = [...expected]
        .filter(([k]) => k.startsWith("borough|E09000007|2024-01|"))
        .reduce((n, [, v]) => n + v, 0);
      assert.equal(table.get("all-crime", "2024-01"), camdenExpected);
    });

    test("importing a month again replaces it and never doubles it", async () => {
      const month = city("2024-02");
      const before = await storedCounts(t, ["2024-02"]);
      const rowsBefore = await countRows(t, "street_crimes");
      await importCrimeFiles(t.handle.db, [month]);
      assert.deepEqual(await storedCounts(t, ["2024-02"]), before);
      assert.equal(await countRows(t, "street_crimes"), rowsBefore);

      // A corrected file for the month with only its first 100 rows replaces the month.
      const lines = zlib.gunzipSync(fs.readFileSync(month)).toString("utf8").split("\r\n");
      const cut = gzipTo(path.join(scratch, "cut.csv.gz"), lines.slice(0, 101).join("\r\n"));
      await importCrimeFiles(t.handle.db, [cut]);
      const after = await storedCounts(t, ["2024-02"]);
      assert.deepEqual(after, countStreetFiles([cut], wards));
      assert.equal(await countRows(t, "street_crimes"), rowsBefore - 826 + 100);
      // Other months are untouched.
      assert.deepEqual(
        await storedCounts(t, ["2024-01"]),
        countStreetFiles([city("2024-01")], wards),
      );
    });

    test("a run that fails leaves what was there before", async () => {
      const before = await storedCounts(t, ["2024-01"]);
      const broken = path.join(scratch, "not-crime.csv");
      fs.writeFileSync(broken, "name,colour\nfox,red\n");
      await assert.rejects(
        importCrimeFiles(t.handle.db, [city("2024-01"), broken]),
        /not a format we can import/,
      );
      assert.deepEqual(await storedCounts(t, ["2024-01"]), before);
      const imports = await t.handle.db
        .selectFrom("crime_imports")
        .select("status")
        .where("status", "=", "failed")
        .execute();
      assert.equal(imports.length, 1);
    });

    test("a run stopped by its signal takes its rows away and leaves what was there", async () => {
      const before = await storedCounts(t, ["2024-03"]);
      const rows = await countRows(t, "street_crimes");
      const stop = new AbortController();
      stop.abort();
      await assert.rejects(
        importCrimeFiles(t.handle.db, [city("2024-03"), city("2024-04")], { signal: stop.signal }),
        { name: "AbortError" },
      );
      assert.equal(await countRows(t, "street_crimes"), rows);
      assert.deepEqual(await storedCounts(t, ["2024-03"]), before);
    });

    test("police.uk API JSON, as an array and as an object of arrays, gzipped: repeated ids are skipped", async () => {
      const crimes = JSON.parse(
        fs.readFileSync(path.join(fixtures, "crimes-street-belsize-2018-06.json"), "utf8"),
      ) as Array<{ id: number; category: string }>;
      const plain = await importCrimeFiles(
        t.handle.db,
        [path.join(fixtures, "crimes-street-belsize-2018-06.json")],
        { force: "metropolitan" },
      );
      assert.equal(plain.files[0].format, "api-json");
      assert.equal(plain.files[0].imported, 100);
      // Saved area by area, two areas overlap: the same crimes under two keys.
      const byArea = gzipTo(
        path.join(scratch, "by-area.json.gz"),
        JSON.stringify({ E05000128: crimes, E05000129: crimes.slice(0, 30) }, null, 1),
      );
      const keyed = await importCrimeFiles(t.handle.db, [byArea], { force: "metropolitan" });
      assert.equal(keyed.files[0].read, 130);
      assert.equal(keyed.files[0].repeated, 30);
      assert.equal(keyed.files[0].imported, 100);
      const stored = await t.handle.db
        .selectFrom("street_crimes")
        .select(["police_id", "category", "outcome_category", "street_id"])
        .where("month", "=", "2018-06")
        .execute();
      assert.equal(stored.length, 100, "replaced, not doubled");
      const first = stored.find((r) => r.police_id === crimes[0].id);
      assert.equal(first?.category, crimes[0].category);
      assert.equal(first?.street_id, 967880);
      const expected = new Map<string, number>();
      for (const c of crimes) expected.set(c.category, (expected.get(c.category) ?? 0) + 1);
      const counted = await t.handle.db
        .selectFrom("crime_counts")
        .select(["category", "count"])
        .where("area_kind", "=", "force")
        .where("area_id", "=", "metropolitan")
        .where("month", "=", "2018-06")
        .execute();
      const outside = keyed.files[0].outsideAreas;
      assert.equal(
        counted.reduce((n, r) => n + Number(r.count), 0),
        100 - outside,
      );
    });

    test("the Met's ward-level counts become police.uk categories, matching an independent sum", async () => {
      const file = path.join(fixtures, "mps-ward-level-sample.csv.gz");
      const report = await importCrimeFiles(t.handle.db, [file]);
      assert.equal(report.files[0].format, "recorded-csv");
      assert.ok(
        (report.files[0].rejected["offence not published by police.uk (Action Fraud)"] ?? 0) > 0,
      );
      const minor: Record<string, string> = {
        ARSON: "criminal-damage-arson",
        "CRIMINAL DAMAGE": "criminal-damage-arson",
        "BICYCLE THEFT": "bicycle-theft",
        "OTHER THEFT": "other-theft",
        SHOPLIFTING: "shoplifting",
        "THEFT FROM THE PERSON": "theft-from-the-person",
      };
      const major: Record<string, string> = {
        BURGLARY: "burglary",
        "DRUG OFFENCES": "drugs",
        "MISCELLANEOUS CRIMES AGAINST SOCIETY": "other-crime",
        "FRAUD AND FORGERY": "other-crime",
        "POSSESSION OF WEAPONS": "possession-of-weapons",
        "PUBLIC ORDER OFFENCES": "public-order",
        ROBBERY: "robbery",
        "SEXUAL OFFENCES": "violent-crime",
        "VEHICLE OFFENCES": "vehicle-crime",
        "VIOLENCE AGAINST THE PERSON": "violent-crime",
      };
      const expected = new Map<string, number>();
      const add = (k: string, n: number) => expected.set(k, (expected.get(k) ?? 0) + n);
      const boroughOf = new Map(wards.map((w) => [w.id, w.boroughId]));
      for (const row of readCsv(file)) {
        const category = minor[row.MinorText] ?? major[row.MajorText];
        if (!category) continue;
        for (const [column, value] of Object.entries(row)) {
          if (!/^\d{6}$/.test(column) || Number(value) === 0) continue;
          const month = `${column.slice(0, 4)}-${column.slice(4)}`;
          add(`neighbourhood|${row.WardCode}|${month}|${category}`, Number(value));
          add(`borough|${boroughOf.get(row.WardCode)}|${month}|${category}`, Number(value));
        }
      }
      const months = [...new Set([...expected.keys()].map((k) => k.split("|")[2]))];
      assert.ok(months.length >= 24, `${months.length} months`);
      // Neighbourhoods as the pages read them; boroughs as stored. From 2024-04 on: earlier
      // tests in this database put City street-level crimes in some of these wards before.
      const from = "2024-04";
      const wanted = new Map([...expected].filter(([k]) => k.split("|")[2] >= from));
      const stored = new Map<string, number>();
      const wardsInFile = new Set(
        [...wanted.keys()]
          .filter((k) => k.startsWith("neighbourhood|"))
          .map((k) => k.split("|")[1]),
      );
      for (const ward of wardsInFile) {
        for (const r of await countsFor(t.handle.db, "neighbourhood", ward, from, "2026-03")) {
          stored.set(`neighbourhood|${ward}|${r.month}|${r.category}`, r.count);
        }
      }
      for (const [k, n] of await storedCounts(t, months)) {
        if (k.startsWith("borough|") && k.split("|")[2] >= from) stored.set(k, n);
      }
      assert.ok(wanted.size > 1000);
      assert.deepEqual(stored, wanted);
    });

    test("a later ward-level file replaces only the months it brings; street-level data for a force-month replaces its recorded counts", async () => {
      const db = t.handle.db;
      const sample = readCsv(path.join(fixtures, "mps-ward-level-sample.csv.gz"));
      // A ward of the sample whose centre is inside it, for a street-level crime below.
      const centres = await db.selectFrom("neighbourhoods").selectAll().execute();
      const ward = centres.find(
        (n) =>
          sample.some((r) => r.WardCode === n.id) &&
          wardOf(wards, n.centre_latitude, n.centre_longitude)?.id === n.id,
      )!;
      const before = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2024-03", "2026-03"),
      );
      // The correction: three months, two of them already held, one burglary row.
      const header =
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202602,202603,202604";
      const corrected = path.join(scratch, "ward-correction.csv");
      fs.writeFileSync(
        corrected,
        `${header}\nBURGLARY,BURGLARY - RESIDENTIAL,${ward.name},${ward.id},X,7,8,9\n`,
      );
      await importCrimeFiles(db, [corrected]);
      const after = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2024-03", "2026-04"),
      );
      for (const month of ["2024-03", "2025-06", "2026-01"]) {
        assert.equal(after.get("all-crime", month), before.get("all-crime", month), month);
      }
      assert.equal(after.get("all-crime", "2026-02"), 7);
      assert.equal(after.get("burglary", "2026-03"), 8);
      assert.equal(after.get("all-crime", "2026-04"), 9);
      const borough = new CountTable(
        await countsFor(db, "borough", ward.borough_id, "2026-02", "2026-04"),
      );
      assert.equal(borough.get("all-crime", "2026-03"), 8, "the borough is the one ward now");

      // A street-level month for the Met: its recorded counts for the month stop counting.
      const street = path.join(scratch, "met-2026-03-street.csv");
      fs.writeFileSync(
        street,
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n" +
          `abc,2026-03,Metropolitan Police Service,Metropolitan Police Service,${ward.centre_longitude},${ward.centre_latitude},On or near Somewhere,E01000001,Somewhere 001A,Robbery,,\n`,
      );
      await importCrimeFiles(db, [street]);
      const mixed = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2026-02", "2026-04"),
      );
      assert.equal(mixed.get("all-crime", "2026-03"), 1);
      assert.equal(mixed.get("robbery", "2026-03"), 1);
      assert.equal(mixed.get("all-crime", "2026-02"), 7, "other months keep their counts");
      const force = new CountTable(
        await countsFor(db, "force", "metropolitan", "2026-03", "2026-03"),
      );
      assert.equal(force.get("all-crime", "2026-03"), 1);
    });

    test("two ward-level files with the same months in one run are refused, and nothing of the run stays", async () => {
      const db = t.handle.db;
      const header = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,203001,203002";
      const ward = await db
        .selectFrom("neighbourhoods")
        .select(["id", "name"])
        .executeTakeFirstOrThrow();
      const first = path.join(scratch, "ward-overlap-1.csv");
      const second = path.join(scratch, "ward-overlap-2.csv");
      fs.writeFileSync(
        first,
        `${header}\nBURGLARY,BURGLARY - RESIDENTIAL,${ward.name},${ward.id},X,1,2\n`,
      );
      fs.writeFileSync(
        second,
        `${header}\nBURGLARY,BURGLARY - RESIDENTIAL,${ward.name},${ward.id},X,3,4\n`,
      );
      await assert.rejects(
        importCrimeFiles(db, [first, second]),
        /ward-overlap-2\.csv has ward-level counts for 2030-01 to 2030-02, which another file/,
      );
      const held = await countsFor(db, "neighbourhood", ward.id, "2030-01", "2030-02");
      assert.deepEqual(held, [], "neither file's counts are kept");
      // Each file on its own is fine: the later one replaces the months it brings.
      await importCrimeFiles(db, [first]);
      await importCrimeFiles(db, [second]);
      const after = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2030-01", "2030-02"),
      );
      assert.equal(after.get("all-crime", "2030-01"), 3);
      assert.equal(after.get("burglary", "2030-02"), 4);
    });

    /** A Met ward whose centre is inside it, so a street crime there is counted in it. */
    const metWardWithCentre = async () => {
      const all = await t.handle.db
        .selectFrom("neighbourhoods")
        .selectAll()
        .where("force_id", "=", "metropolitan")
        .execute();
      return all.find((n) => wardOf(wards, n.centre_latitude, n.centre_longitude)?.id === n.id)!;
    };
    const streetFile = (
      name: string,
      month: string,
      at: { centre_latitude: number; centre_longitude: number },
      ids: string[],
    ) => {
      const file = path.join(scratch, name);
      fs.writeFileSync(
        file,
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n" +
          ids
            .map(
              (id) =>
                `${id},${month},Metropolitan Police Service,Metropolitan Police Service,${at.centre_longitude},${at.centre_latitude},On or near Somewhere,E01000001,Somewhere 001A,Burglary,,\n`,
            )
            .join(""),
      );
      return file;
    };

    test("a run that finishes while another is under way leaves the other's ward series alone", async () => {
      const db = t.handle.db;
      const ward = await metWardWithCentre();
      const wardFile = path.join(scratch, "ward-while-another-runs.csv");
      fs.writeFileSync(
        wardFile,
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,203101,203102\n" +
          `BURGLARY,BURGLARY - RESIDENTIAL,${ward.name},${ward.id},X,5,6\n`,
      );
      const other = streetFile("other-data-meanwhile.csv", "2031-05", ward, ["other-1"]);
      await importCrimeFiles(db, [wardFile], {
        beforeReplacing: async () => {
          // The ward series are committed (on PostgreSQL, by another connection) before the
          // other run goes: the moment a finishing run's clean-up used to delete them.
          for (let tries = 0; ; tries++) {
            const stored = await db
              .selectFrom("recorded_crime_series")
              .select("counts")
              .where("neighbourhood_id", "=", ward.id)
              .where("first_month", "=", "2031-01")
              .execute();
            if (stored.length > 0) break;
            assert.ok(tries < 500, "the ward series were never stored");
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          await importCrimeFiles(db, [other]);
        },
      });
      const counts = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2031-01", "2031-05"),
      );
      assert.equal(counts.get("burglary", "2031-01"), 5);
      assert.equal(counts.get("burglary", "2031-02"), 6);
      assert.equal(counts.get("burglary", "2031-05"), 1, "the other run's data is there too");
      const borough = new CountTable(
        await countsFor(db, "borough", ward.borough_id, "2031-01", "2031-02"),
      );
      assert.equal(borough.get("all-crime", "2031-02"), 6);
    });

    test("a run that finishes while another of the same month is under way neither deletes nor counts the other's street rows", async () => {
      const db = t.handle.db;
      const ward = await metWardWithCentre();
      const first = streetFile("street-first-run.csv", "2031-07", ward, ["a-1", "a-2"]);
      const second = streetFile("street-second-run.csv", "2031-07", ward, ["b-1"]);
      let meanwhile: CountTable | undefined;
      await importCrimeFiles(db, [first], {
        beforeReplacing: async () => {
          await importCrimeFiles(db, [second]);
          meanwhile = new CountTable(
            await countsFor(db, "neighbourhood", ward.id, "2031-07", "2031-07"),
          );
        },
      });
      assert.equal(meanwhile?.get("all-crime", "2031-07"), 1, "only the finished run counts");
      const counts = new CountTable(
        await countsFor(db, "neighbourhood", ward.id, "2031-07", "2031-07"),
      );
      assert.equal(counts.get("all-crime", "2031-07"), 2, "the later finish replaces the month");
      const rows = await db
        .selectFrom("street_crimes")
        .select("persistent_id")
        .where("month", "=", "2031-07")
        .orderBy("persistent_id")
        .execute();
      assert.deepEqual(
        rows.map((r) => r.persistent_id),
        ["a-1", "a-2"],
        "the replaced run's rows are gone",
      );
    });

    test("postcodes: loaded with their area, found by full postcode and by outward code", async () => {
      const report = await importCrimeFiles(t.handle.db, [
        path.join(fixtures, "postcodes-sample.csv"),
      ]);
      assert.equal(report.files[0].format, "postcodes-csv");
      assert.equal(report.files[0].imported, 2041);
      const camden = await findPostcode(t.handle.db, "NW1 7AA");
      assert.equal(camden?.neighbourhood_id, "E05013655");
      const areas = await neighbourhoodsForOutcode(t.handle.db, "NW1");
      assert.ok(areas.some((a) => a.neighbourhoodId === "E05013655"));
      assert.ok(areas[0].postcodes >= areas[areas.length - 1].postcodes);
    });
  });
}
