// Migration 0007 carries the recorded counts already held over to recorded_crime_series, so
// a site that upgrades keeps its ward-level figures without importing them again; a run that
// fails half-way leaves the old table as it was, a run done but not recorded can be run
// again, and going down gives the counts back.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { type Kysely, Migrator, sql } from "kysely";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import { migrations } from "../db/migrations/index.ts";
import type { Database } from "../db/schema.ts";
import { countsFor } from "./repository.ts";
import { seedBoundaries } from "./seed.ts";
import { CountTable } from "./statistics.ts";

for (const dialect of testDialects()) {
  describe(`migration 0007, recorded counts as series (${dialect})`, () => {
    let t: TestDatabase;
    let db: Kysely<Database>;
    const migrator = () =>
      new Migrator({
        db,
        provider: { getMigrations: async () => migrations },
        ...(t.schema ? { migrationTableSchema: t.schema } : {}),
      });
    before(async () => {
      t = await createTestDatabase(dialect);
      db = t.handle.db;
    });
    after(() => t.cleanup());

    test("rows of the old table become one-month series, and pages read the same counts", async () => {
      const to6 = await migrator().migrateTo("0006-content-publications");
      assert.equal(to6.error, undefined);
      const ward = "E05013570";
      const importId = "00000000-0000-0000-0000-000000000001";
      await sql`
        insert into recorded_crime_counts (force_id, neighbourhood_id, month, category, count, import_id)
        values ('metropolitan', ${ward}, '2025-01', 'burglary', 4, ${importId}),
               ('metropolitan', ${ward}, '2025-02', 'burglary', 6, ${importId}),
               ('metropolitan', ${ward}, '2025-02', 'robbery', 1, ${importId})
      `.execute(db);
      for (const month of ["2025-01", "2025-02"]) {
        await sql`
          insert into crime_months (force_id, month, source, records, import_id, imported_at)
          values ('metropolitan', ${month}, 'recorded', 1, ${importId}, '2026-01-01T00:00:00Z')
        `.execute(db);
      }
      const latest = await migrator().migrateToLatest();
      assert.equal(latest.error, undefined);
      await seedBoundaries(db);
      const series = await db
        .selectFrom("recorded_crime_series")
        .select(["first_month", "category", "counts"])
        .orderBy("first_month")
        .orderBy("category")
        .execute();
      assert.deepEqual(
        series.map((s) => `${s.first_month} ${s.category} ${s.counts}`),
        ["2025-01 burglary 4", "2025-02 burglary 6", "2025-02 robbery 1"],
      );
      const counts = new CountTable(
        await countsFor(db, "neighbourhood", ward, "2025-01", "2025-02"),
      );
      assert.equal(counts.get("burglary", "2025-01"), 4);
      assert.equal(counts.get("all-crime", "2025-02"), 7);
    });
  });

  describe(`migration 0007 run again, failing, and down (${dialect})`, () => {
    const to = "0007-recorded-series-and-populations";
    const ward = "E05013570";
    const older = "00000000-0000-0000-0000-00000000000a";
    const newer = "00000000-0000-0000-0000-00000000000b";
    let t: TestDatabase;
    let db: Kysely<Database>;
    const migrator = () =>
      new Migrator({
        db,
        provider: { getMigrations: async () => migrations },
        ...(t.schema ? { migrationTableSchema: t.schema } : {}),
      });
    /** Migrated to 0006 with three counts: 2025-01 from the older import, 2025-02 from the newer. */
    const atOldTable = async () => {
      t = await createTestDatabase(dialect);
      db = t.handle.db;
      assert.equal((await migrator().migrateTo("0006-content-publications")).error, undefined);
      await sql`
        insert into recorded_crime_counts (force_id, neighbourhood_id, month, category, count, import_id)
        values ('metropolitan', ${ward}, '2025-01', 'burglary', 4, ${older}),
               ('metropolitan', ${ward}, '2025-02', 'burglary', 6, ${newer}),
               ('metropolitan', ${ward}, '2025-02', 'robbery', 1, ${newer})
      `.execute(db);
      for (const [month, id] of [
        ["2025-01", older],
        ["2025-02", newer],
      ]) {
        await sql`
          insert into crime_months (force_id, month, source, records, import_id, imported_at)
          values ('metropolitan', ${month}, 'recorded', 1, ${id}, '2026-01-01T00:00:00Z')
        `.execute(db);
      }
    };
    const oldRows = async () =>
      (
        await sql<{ month: string; category: string; count: number | string; import_id: string }>`
          select month, category, count, import_id from recorded_crime_counts
          order by month, category
        `.execute(db)
      ).rows.map((r) => `${r.month} ${r.category} ${Number(r.count)} ${r.import_id.slice(-1)}`);
    const seriesRows = async () =>
      (
        await db
          .selectFrom("recorded_crime_series")
          .select(["first_month", "category", "counts"])
          .orderBy("first_month")
          .orderBy("category")
          .execute()
      ).map((r) => `${r.first_month} ${r.category} ${r.counts}`);
    afterEach(() => t.cleanup());

    test("a copy that fails leaves the old table as it was, and the next run goes through", async () => {
      await atOldTable();
      // Two forces' rows for one ward, month, category and import: one series key, so the
      // copy fails half-way, after the new table was made.
      await sql`
        insert into recorded_crime_counts (force_id, neighbourhood_id, month, category, count, import_id)
        values ('city-of-london', ${ward}, '2025-02', 'robbery', 2, ${newer})
      `.execute(db);
      const failed = await migrator().migrateTo(to);
      assert.ok(failed.error, "the copy fails");
      assert.equal((await oldRows()).length, 4, "the old table is whole");
      await sql`delete from recorded_crime_counts where force_id = 'city-of-london'`.execute(db);
      const again = await migrator().migrateTo(to);
      assert.equal(again.error, undefined, String(again.error));
      assert.deepEqual(await seriesRows(), [
        "2025-01 burglary 4",
        "2025-02 burglary 6",
        "2025-02 robbery 1",
      ]);
    });

    test("done but not recorded (a crash before Kysely's record), it runs again and keeps the counts", async () => {
      await atOldTable();
      assert.equal((await migrator().migrateTo(to)).error, undefined);
      const table = t.schema
        ? sql.table(`${t.schema}.kysely_migration`)
        : sql.table("kysely_migration");
      await sql`delete from ${table} where name = ${to}`.execute(db);
      const again = await migrator().migrateTo(to);
      assert.equal(again.error, undefined, String(again.error));
      assert.deepEqual(await seriesRows(), [
        "2025-01 burglary 4",
        "2025-02 burglary 6",
        "2025-02 robbery 1",
      ]);
    });

    test("down gives back one row per ward, month and category, for the months that count", async () => {
      await atOldTable();
      assert.equal((await migrator().migrateTo(to)).error, undefined);
      // The older import also has a series from 2024-12, which it owns, to 2025-02, which the
      // newer import owns: only its months that count come back.
      await sql`
        insert into crime_months (force_id, month, source, records, import_id, imported_at)
        values ('metropolitan', '2024-12', 'recorded', 1, ${older}, '2026-01-01T00:00:00Z')
      `.execute(db);
      await db
        .insertInto("recorded_crime_series")
        .values({
          force_id: "metropolitan",
          neighbourhood_id: ward,
          category: "burglary",
          import_id: older,
          first_month: "2024-12",
          counts: "3,0,9",
        })
        .execute();
      const down = await migrator().migrateTo("0006-content-publications");
      assert.equal(down.error, undefined, String(down.error));
      assert.deepEqual(await oldRows(), [
        "2024-12 burglary 3 a",
        "2025-01 burglary 4 a",
        "2025-02 burglary 6 b",
        "2025-02 robbery 1 b",
      ]);
    });
  });
}
