// Populations: the file format, bad rows counted by reason, and the area page's comparison
// in crimes per 1,000 residents when they are loaded (and what it says when they are not).
// The fixture's figures are made up for these tests; they are not ONS data.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import { type CrimeProfile, crimeProfile, type ProfileContext } from "./crime-profile.ts";
import { importCrimeFiles } from "./import.ts";
import { populationsOf } from "./populations.ts";
import { countsFor, crimeMonths, findNeighbourhood, neighbourhoodsPerArea } from "./repository.ts";
import { seedBoundaries } from "./seed.ts";
import { formatOf } from "./sources.ts";
import {
  CountTable,
  comparePerResident,
  describePerResident,
  displayNumber,
  periodsEnding,
} from "./statistics.ts";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const populationFile = path.join(fixtures, "populations-made-up-for-tests.csv");
const wardFile = path.join(fixtures, "mps-ward-level-sample.csv.gz");
const ward = "E05013570"; // Heathrow Villages, in Hillingdon (E09000017)

describe("comparing rates per resident", () => {
  test("small numbers are too few to compare", () => {
    assert.deepEqual(comparePerResident(4, 1000, 2000, 250000), { kind: "too-few" });
    assert.match(
      describePerResident("Here", "Camden", 4, 1000, 2000, 250000),
      /too few crimes in Here/,
    );
  });

  test("a difference chance could give is about the same", () => {
    // At the borough's rate 8 per 1,000, 10,000 residents would expect 80; 92 is within
    // twice the square root of 92 (about 19).
    assert.deepEqual(comparePerResident(92, 10000, 2000, 250000), { kind: "same" });
    assert.equal(
      describePerResident("Here", "Camden", 92, 10000, 2000, 250000),
      "Crime in Here was about the same per resident as in Camden as a whole: 9.2 crimes per 1,000 residents in the last 12 months, against 8.",
    );
  });

  test("a difference beyond chance and 10 % is higher or lower", () => {
    assert.deepEqual(comparePerResident(200, 10000, 2000, 250000), {
      kind: "higher",
      percent: 150,
    });
    assert.match(
      describePerResident("Here", "London", 200, 10000, 2000, 250000),
      /^Crime in Here was much higher per resident than in London as a whole: 20 crimes/,
    );
    assert.equal(comparePerResident(50, 10000, 2000, 250000).kind, "lower");
  });
});

test("the format is told by its header", () => {
  assert.equal(formatOf("area_code,population,year,source\nE05013570,1,2022,x"), "populations-csv");
  assert.equal(formatOf("\uFEFFarea_code,population,year,source\n"), "populations-csv");
});

for (const dialect of testDialects()) {
  describe(`populations (${dialect})`, () => {
    let t: TestDatabase;
    let context: ProfileContext;
    const profileOf = async (id: string) => {
      const n = (await findNeighbourhood(t.handle.db, id))!;
      return crimeProfile(
        t.handle.db,
        {
          kind: "neighbourhood",
          id: n.id,
          name: n.name,
          forceId: n.force_id,
          borough: { id: n.borough_id, name: n.borough_name },
        },
        context,
      );
    };
    const comparisonOf = (profile: CrimeProfile) => {
      assert.ok(profile.hasData && profile.comparison);
      return profile.comparison;
    };
    before(async () => {
      t = await createTestDatabase(dialect);
      await t.handle.migrate();
      await seedBoundaries(t.handle.db);
      await importCrimeFiles(t.handle.db, [wardFile]);
      const counts = await neighbourhoodsPerArea(t.handle.db);
      context = {
        regionName: "London",
        months: await crimeMonths(t.handle.db),
        neighbourhoodsByForce: counts.byForce,
        neighbourhoodsByBorough: counts.byBorough,
      };
    });
    after(() => t.cleanup());

    test("without populations, the comparison is per neighbourhood and says why", async () => {
      const comparison = comparisonOf(await profileOf(ward));
      assert.equal(comparison.perResident, false);
      assert.equal(comparison.measure, "Crimes in the last 12 months, per neighbourhood");
      assert.deepEqual(comparison.missingPopulations, [
        "Heathrow Villages",
        "Hillingdon",
        "London",
      ]);
      assert.equal(comparison.missingPopulationsText, "Heathrow Villages, Hillingdon and London");
    });

    test("a population file is imported; bad rows are counted by reason", async () => {
      const report = await importCrimeFiles(t.handle.db, [populationFile]);
      const [file] = report.files;
      assert.equal(file.format, "populations-csv");
      assert.equal(file.read, 39);
      assert.equal(file.imported, 34);
      assert.deepEqual(file.rejected, {
        "area not known": 1,
        "population not a whole number from 1 to 20,000,000": 1,
        "year not a year from 1900 to this year": 1,
        "source missing": 1,
        "area given twice (the first is kept)": 1,
      });
      const held = await populationsOf(t.handle.db, [
        { kind: "neighbourhood", id: ward },
        { kind: "borough", id: "E09000007" },
      ]);
      assert.equal(held.get(`neighbourhood|${ward}`)?.population, 12000);
      assert.equal(held.get("borough|E09000007")?.population, 250000, "the first row is kept");
      assert.equal(held.get("borough|E09000007")?.year, 2022);
    });

    test("with populations, the comparison is per 1,000 residents, against the borough and London", async () => {
      const comparison = comparisonOf(await profileOf(ward));
      assert.equal(comparison.perResident, true);
      assert.equal(comparison.measure, "Crimes in the last 12 months, per 1,000 residents");
      assert.deepEqual(comparison.columns, ["Heathrow Villages", "Hillingdon", "London"]);
      // Independently: the counts the pages read, over the force's latest 12 months.
      const months = (await crimeMonths(t.handle.db)).map((m) => m.month).sort();
      const last = periodsEnding(months[months.length - 1]).last;
      const sum = async (kind: "neighbourhood" | "borough" | "force", id: string) =>
        new CountTable(await countsFor(t.handle.db, kind, id, last[0], last[11])).sum(
          "all-crime",
          last,
        );
      const here = await sum("neighbourhood", ward);
      const hillingdon = await sum("borough", "E09000017");
      const london = await sum("force", "metropolitan");
      // 32 Met boroughs of 250,000 made-up residents each; the City has no figures loaded,
      // so it is not part of London here.
      assert.deepEqual(comparison.rows[0], {
        category: "All crime",
        values: [
          displayNumber((here / 12000) * 1000),
          displayNumber((hillingdon / 250000) * 1000),
          displayNumber((london / (32 * 250000)) * 1000),
        ],
      });
      assert.equal(comparison.sentences.length, 2);
      assert.equal(
        comparison.sentences[0],
        describePerResident("Heathrow Villages", "Hillingdon", here, 12000, hillingdon, 250000),
      );
      assert.match(comparison.populationNote ?? "", /Made-up figures for Bluelamp's tests/);
    });

    test("an area without a population keeps the per-neighbourhood comparison", async () => {
      const other = (
        await t.handle.db
          .selectFrom("recorded_crime_series")
          .select("neighbourhood_id")
          .where("neighbourhood_id", "!=", ward)
          .executeTakeFirstOrThrow()
      ).neighbourhood_id;
      const comparison = comparisonOf(await profileOf(other));
      assert.equal(comparison.perResident, false);
      assert.equal(comparison.missingPopulations.length, 1);
    });

    test("area codes are matched as given; case is ignored only when nothing matches and one area alone is meant", async () => {
      const db = t.handle.db;
      const model = await db
        .selectFrom("neighbourhoods")
        .selectAll()
        .where("id", "=", ward)
        .executeTakeFirstOrThrow();
      // Made-up ids in two cases, as a force's police.uk ids could be.
      for (const id of ["Nc04a", "NC04A"]) {
        await db
          .insertInto("neighbourhoods")
          .values({ ...model, id, slug: `made-up-${id.toLowerCase()}-${id === "NC04A"}` })
          .execute();
      }
      const file = path.join(os.tmpdir(), `bluelamp-populations-${process.pid}-${dialect}.csv`);
      fs.writeFileSync(
        file,
        "area_code,population,year,source\n" +
          "Nc04a,3000,2022,Made-up\n" +
          "NC04A,4000,2022,Made-up\n" +
          "nc04a,5000,2022,Made-up\n" +
          "e09000017,260000,2022,Made-up\n",
      );
      try {
        const [report] = (await importCrimeFiles(db, [file])).files;
        assert.equal(report.imported, 3);
        assert.deepEqual(report.rejected, { "area not known": 1 }, "nc04a could be either");
      } finally {
        fs.rmSync(file, { force: true });
      }
      const held = await populationsOf(db, [
        { kind: "neighbourhood", id: "Nc04a" },
        { kind: "neighbourhood", id: "NC04A" },
        { kind: "borough", id: "E09000017" },
      ]);
      assert.equal(held.get("neighbourhood|Nc04a")?.population, 3000);
      assert.equal(held.get("neighbourhood|NC04A")?.population, 4000);
      assert.equal(held.get("borough|E09000017")?.population, 260000);
    });
  });
}
