// Frozen: a migration never changes once it has landed and never imports application code.
// Neighbourhoods (Safer Neighbourhood Team areas), their teams, and street-level crime.
import { type Kysely, PostgresAdapter } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("forces")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("telephone", "varchar(32)", (c) => c.notNull())
    .addColumn("engagement_methods", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("boroughs")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "varchar(100)", (c) => c.notNull().unique())
    .addColumn("population", "integer")
    .addColumn("boundary", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("neighbourhoods")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("force_id", "varchar(64)", (c) => c.notNull())
    .addColumn("borough_id", "varchar(32)", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "varchar(100)", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("url_force", "text", (c) => c.notNull())
    .addColumn("population", "integer")
    .addColumn("centre_latitude", "double precision", (c) => c.notNull())
    .addColumn("centre_longitude", "double precision", (c) => c.notNull())
    .addColumn("contact_details", "text", (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull())
    .addColumn("locations", "text", (c) => c.notNull())
    .addColumn("boundary", "text", (c) => c.notNull())
    .addColumn("min_latitude", "double precision", (c) => c.notNull())
    .addColumn("min_longitude", "double precision", (c) => c.notNull())
    .addColumn("max_latitude", "double precision", (c) => c.notNull())
    .addColumn("max_longitude", "double precision", (c) => c.notNull())
    .addUniqueConstraint("neighbourhoods_borough_slug", ["borough_id", "slug"])
    .execute();
  await db.schema
    .createIndex("neighbourhoods_force")
    .on("neighbourhoods")
    .columns(["force_id", "name"])
    .execute();

  await db.schema
    .createTable("neighbourhood_people")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("neighbourhood_id", "varchar(32)", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("rank", "text", (c) => c.notNull())
    .addColumn("bio", "text", (c) => c.notNull())
    .addColumn("contact_details", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("neighbourhood_priorities")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("neighbourhood_id", "varchar(32)", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .addColumn("issue", "text", (c) => c.notNull())
    .addColumn("issue_date", "varchar(32)", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("action_date", "varchar(32)")
    .execute();
  await db.schema
    .createTable("neighbourhood_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("neighbourhood_id", "varchar(32)", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("type", "varchar(64)", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("start_date", "varchar(32)", (c) => c.notNull())
    .addColumn("end_date", "varchar(32)")
    .addColumn("contact_details", "text", (c) => c.notNull())
    .execute();
  for (const table of [
    "neighbourhood_people",
    "neighbourhood_priorities",
    "neighbourhood_events",
  ]) {
    await db.schema
      .createIndex(`${table}_neighbourhood`)
      .on(table)
      .column("neighbourhood_id")
      .execute();
  }

  await db.schema
    .createTable("street_crimes")
    // SQLite: an INTEGER PRIMARY KEY is the rowid and numbers itself. PostgreSQL: serial.
    .addColumn("id", postgres ? "serial" : "integer", (c) => c.primaryKey())
    .addColumn("police_id", "integer")
    .addColumn("persistent_id", "varchar(64)", (c) => c.notNull())
    .addColumn("force_id", "varchar(64)", (c) => c.notNull())
    .addColumn("month", "varchar(7)", (c) => c.notNull())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("street_id", "integer")
    .addColumn("street_name", "text", (c) => c.notNull())
    .addColumn("location_type", "varchar(16)", (c) => c.notNull())
    .addColumn("location_subtype", "text", (c) => c.notNull())
    .addColumn("context", "text", (c) => c.notNull())
    .addColumn("outcome_category", "text")
    .addColumn("outcome_date", "varchar(7)")
    .addColumn("lsoa_code", "varchar(16)", (c) => c.notNull())
    .addColumn("lsoa_name", "text", (c) => c.notNull())
    .addColumn("neighbourhood_id", "varchar(32)")
    .addColumn("import_id", "varchar(36)", (c) => c.notNull())
    .execute();
  // Replacing a month of a force; and the map query (a month, then a band of latitude).
  await db.schema
    .createIndex("street_crimes_force_month")
    .on("street_crimes")
    .columns(["force_id", "month"])
    .execute();
  await db.schema
    .createIndex("street_crimes_month_latitude")
    .on("street_crimes")
    .columns(["month", "latitude"])
    .execute();

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

  await db.schema
    .createTable("crime_counts")
    .addColumn("area_kind", "varchar(16)", (c) => c.notNull())
    .addColumn("area_id", "varchar(32)", (c) => c.notNull())
    .addColumn("month", "varchar(7)", (c) => c.notNull())
    .addColumn("category", "varchar(40)", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("crime_counts_pk", ["area_kind", "area_id", "month", "category"])
    .execute();
  await db.schema.createIndex("crime_counts_month").on("crime_counts").column("month").execute();

  await db.schema
    .createTable("crime_months")
    .addColumn("force_id", "varchar(64)", (c) => c.notNull())
    .addColumn("month", "varchar(7)", (c) => c.notNull())
    .addColumn("source", "varchar(16)", (c) => c.notNull())
    .addColumn("records", "integer", (c) => c.notNull())
    .addColumn("import_id", "varchar(36)", (c) => c.notNull())
    .addColumn("imported_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("crime_months_pk", ["force_id", "month", "source"])
    .execute();

  await db.schema
    .createTable("crime_imports")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("started_at", "varchar(32)", (c) => c.notNull())
    .addColumn("finished_at", "varchar(32)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("files", "text", (c) => c.notNull())
    .addColumn("report", "text")
    .execute();

  await db.schema
    .createTable("postcodes")
    .addColumn("postcode", "varchar(8)", (c) => c.primaryKey())
    .addColumn("outcode", "varchar(4)", (c) => c.notNull())
    .addColumn("latitude", "double precision", (c) => c.notNull())
    .addColumn("longitude", "double precision", (c) => c.notNull())
    .addColumn("neighbourhood_id", "varchar(32)")
    .execute();
  await db.schema.createIndex("postcodes_outcode").on("postcodes").column("outcode").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "postcodes",
    "crime_imports",
    "crime_months",
    "crime_counts",
    "recorded_crime_counts",
    "street_crimes",
    "neighbourhood_events",
    "neighbourhood_priorities",
    "neighbourhood_people",
    "neighbourhoods",
    "boroughs",
    "forces",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
