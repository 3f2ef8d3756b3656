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
//   (Changed before its first release, 2026-12-04: made all-or-nothing on SQLite and safe
//   to run again, and `down` gives the ward counts back.)
// - Populations, per neighbourhood or borough, with the year they are for and where they
//   come from, so pages can give rates per 1,000 residents when a force loads them.
import type { Kysely } from "kysely";
import { sql } from "kysely";

/**
 * Kysely runs a migration inside a transaction, together with its record that the migration
 * ran, only where it takes DDL to be transactional: PostgreSQL, not SQLite (though SQLite's
 * DDL is). There, a crash between creating the new table, copying into it and dropping the old
 * one would leave a state every later start fails on; so on SQLite the steps run in one
 * transaction here. Kysely records the migration only after that commits, so a crash between
 * the two leaves the work done but not recorded: each step is written to find its work done
 * when run again (on PostgreSQL too, though there the record is in the same transaction).
 */
async function allOrNothing(
  db: Kysely<unknown>,
  steps: (db: Kysely<unknown>, tableIsThere: (name: string) => Promise<boolean>) => Promise<void>,
): Promise<void> {
  if (db.isTransaction) {
    // Given one: PostgreSQL. to_regclass looks in the schemas the connection uses.
    await steps(db, async (name) => {
      const { rows } = await sql<{ there: boolean }>`
        select to_regclass(${name}) is not null as there
      `.execute(db);
      return rows[0]?.there === true;
    });
    return;
  }
  // Not given a transaction: SQLite, the one database here Kysely migrates outside one.
  await db.transaction().execute((trx) =>
    steps(trx, async (name) => {
      const { rows } = await sql`
        select name from sqlite_master where type = 'table' and name = ${name}
      `.execute(trx);
      return rows.length > 0;
    }),
  );
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await allOrNothing(db, async (db, tableIsThere) => {
    await db.schema
      .createTable("recorded_crime_series")
      .ifNotExists()
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
      .ifNotExists()
      .on("recorded_crime_series")
      .column("import_id")
      .execute();
    // Gone only in the same transaction as the copy: if it is still there, nothing was copied.
    if (await tableIsThere("recorded_crime_counts")) {
      await sql`
        insert into recorded_crime_series
          (force_id, neighbourhood_id, category, import_id, first_month, counts)
        select force_id, neighbourhood_id, category, import_id, month, cast(count as varchar(16))
        from recorded_crime_counts
      `.execute(db);
      await db.schema.dropTable("recorded_crime_counts").execute();
    }

    await db.schema
      .createTable("area_populations")
      .ifNotExists()
      /** "neighbourhood" or "borough". */
      .addColumn("area_kind", "varchar(16)", (c) => c.notNull())
      .addColumn("area_id", "varchar(32)", (c) => c.notNull())
      .addColumn("population", "integer", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("imported_at", "varchar(32)", (c) => c.notNull())
      .addPrimaryKeyConstraint("area_populations_pk", ["area_kind", "area_id"])
      .execute();
  });
}

/**
 * Back to one row per ward, month and category, holding the months that count (those
 * crime_months gives to the series' import), so pages read the same figures as before.
 * Populations are dropped: before this migration there is nowhere for their year and source,
 * and the old population columns were never filled from a file; load them again after
 * migrating up.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await allOrNothing(db, async (db, tableIsThere) => {
    await db.schema.dropTable("area_populations").ifExists().execute();
    await db.schema
      .createTable("recorded_crime_counts")
      .ifNotExists()
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
    if (!(await tableIsThere("recorded_crime_series"))) return;
    const owners = await sql<{ force_id: string; month: string; import_id: string }>`
      select force_id, month, import_id from crime_months where source = 'recorded'
    `.execute(db);
    const ownerOf = new Map(owners.rows.map((r) => [`${r.force_id}|${r.month}`, r.import_id]));
    const series = await sql<{
      force_id: string;
      neighbourhood_id: string;
      category: string;
      import_id: string;
      first_month: string;
      counts: string;
    }>`
      select force_id, neighbourhood_id, category, import_id, first_month, counts
      from recorded_crime_series
    `.execute(db);
    let batch: Array<ReturnType<typeof sql>> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await sql`
        insert into recorded_crime_counts
          (force_id, neighbourhood_id, month, category, count, import_id)
        values ${sql.join(batch)}
      `.execute(db);
      batch = [];
    };
    for (const s of series.rows) {
      const [year, month] = s.first_month.split("-").map(Number);
      const counts = s.counts.split(",");
      for (let i = 0; i < counts.length; i++) {
        const at = year * 12 + month - 1 + i;
        const m = `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, "0")}`;
        const count = Number(counts[i]);
        if (count === 0 || ownerOf.get(`${s.force_id}|${m}`) !== s.import_id) continue;
        batch.push(
          sql`(${s.force_id}, ${s.neighbourhood_id}, ${m}, ${s.category}, ${count}, ${s.import_id})`,
        );
        // Six values a row: well under either database's limit on parameters.
        if (batch.length === 500) await flush();
      }
    }
    await flush();
    await db.schema.dropTable("recorded_crime_series").execute();
  });
}
