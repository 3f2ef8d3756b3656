// Frozen: a migration never changes once it has landed and never imports application code.
// Two changes to the neighbourhoods' crime data (docs/adr/0015):
//
// - Ward-level recorded counts are kept as one row per ward, category and import, holding a
//   run of consecutive months as one value ("4,0,7,…" from first_month on), instead of one
//   row per ward, month and category: the Met's file became 179,000 rows, now about 12,000,
//   and writing them was most of an import. Which import's figures count for a force-month
//   is already recorded in crime_months (its import_id), so readers take a month from a
//   series only when its import is the one crime_months names.
//   The rows already held are carried over as one-month series, so nothing is lost.
// - Populations, per neighbourhood or borough, with the year they are for and where they
//   come from, so pages can give rates per 1,000 residents when a force loads them.
import type { Kysely } from "kysely";
import { sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("recorded_crime_series")
    .addColumn("force_id", "varchar(64)", (c) => c.notNull())
    .addColumn("neighbourhood_id", "varchar(32)", (c) => c.notNull())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("import_id", "varchar(36)", (c) => c.notNull())
    .addColumn("first_month", "varchar(7)", (c) => c.notNull())
    .addColumn("counts", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("recorded_crime_series_pk", [
      "neighbourhood_id",
      "category",
      "import_id",
      "first_month",
    ])
    .execute();
  await db.schema
    .createIndex("recorded_crime_series_import")
    .on("recorded_crime_series")
    .column("import_id")
    .execute();
  await sql`
    insert into recorded_crime_series
      (force_id, neighbourhood_id, category, import_id, first_month, counts)
    select force_id, neighbourhood_id, category, import_id, month, cast(count as varchar(16))
    from recorded_crime_counts
  `.execute(db);
  await db.schema.dropTable("recorded_crime_counts").execute();

  await db.schema
    .createTable("area_populations")
    /** "neighbourhood" or "borough". */
    .addColumn("area_kind", "varchar(16)", (c) => c.notNull())
    .addColumn("area_id", "varchar(32)", (c) => c.notNull())
    .addColumn("population", "integer", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("imported_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("area_populations_pk", ["area_kind", "area_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("area_populations").execute();
  await db.schema
    .createTable("recorded_crime_counts")
    .addColumn("force_id", "varchar(64)", (c) => c.notNull())
    .addColumn("neighbourhood_id", "varchar(32)", (c) => c.notNull())
    .addColumn("month", "varchar(7)", (c) => c.notNull())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("import_id", "varchar(36)", (c) => c.notNull())
    .addPrimaryKeyConstraint("recorded_crime_counts_pk", [
      "force_id",
      "month",
      "neighbourhood_id",
      "category",
    ])
    .execute();
  await db.schema.dropTable("recorded_crime_series").execute();
}
