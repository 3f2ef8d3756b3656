// Frozen: a migration never changes once it has landed and never imports application code.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_expires_at").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("submissions")
    .addColumn("reference", "varchar(16)", (c) => c.primaryKey())
    .addColumn("form_id", "varchar(100)", (c) => c.notNull())
    .addColumn("form_version", "integer", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("journey_id", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("started_at", "varchar(32)", (c) => c.notNull())
    .addColumn("submitted_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("submissions_form_submitted")
    .on("submissions")
    .columns(["form_id", "submitted_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("submissions").execute();
  await db.schema.dropTable("sessions").execute();
}
