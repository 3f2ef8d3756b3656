// Migration 0007 carries the recorded counts already held over to recorded_crime_series, so
// a site that upgrades keeps its ward-level figures without importing them again.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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
}
