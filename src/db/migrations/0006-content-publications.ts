// Frozen: a migration never changes once it has landed and never imports application code.
// Publishing decisions. Revisions are never edited, so what a publisher decided about one
// (published it, scheduled it, took the page down) and why (the stated reason for publishing
// despite plain-language findings) is a row of its own. A scheduled publication names the
// revision that was approved, so later drafts do not go live with it.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("content_items")
    .addColumn("scheduled_revision_id", "varchar(36)")
    .execute();

  await db.schema
    .createTable("content_publications")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("item_id", "varchar(36)", (c) =>
      c.notNull().references("content_items.id").onDelete("cascade"),
    )
    .addColumn("revision_id", "varchar(36)")
    /** published | scheduled | unscheduled | unpublished | archived | submitted | returned */
    .addColumn("action", "varchar(20)", (c) => c.notNull())
    .addColumn("staff_id", "varchar(36)")
    .addColumn("reason", "varchar(2000)")
    /** How many plain-language findings counted against the threshold at the time. */
    .addColumn("findings", "integer")
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("content_publications_item")
    .on("content_publications")
    .columns(["item_id", "at"])
    .execute();
  await db.schema
    .createIndex("content_items_schedule")
    .on("content_items")
    .columns(["publish_at", "unpublish_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("content_items_schedule").execute();
  await db.schema.dropTable("content_publications").execute();
  await db.schema.alterTable("content_items").dropColumn("scheduled_revision_id").execute();
}
