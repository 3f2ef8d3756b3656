// Frozen: a migration never changes once it has landed and never imports application code.
// Content pages written by editors: each item has revisions (every save is one), a status in
// the publishing workflow, optional scheduled publishing, and redirects left by old slugs.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("content_items")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("type", "varchar(30)", (c) => c.notNull())
    .addColumn("slug", "varchar(200)", (c) => c.notNull().unique())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("current_revision_id", "varchar(36)")
    .addColumn("published_revision_id", "varchar(36)")
    .addColumn("owner_id", "varchar(36)")
    .addColumn("review_by", "varchar(10)")
    .addColumn("publish_at", "varchar(32)")
    .addColumn("unpublish_at", "varchar(32)")
    .addColumn("published_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("content_items_status")
    .on("content_items")
    .columns(["status", "type"])
    .execute();

  await db.schema
    .createTable("content_revisions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("item_id", "varchar(36)", (c) =>
      c.notNull().references("content_items.id").onDelete("cascade"),
    )
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "varchar(300)", (c) => c.notNull())
    .addColumn("summary", "varchar(1000)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    /** JSON: { categories: police.uk slugs, audiences: [...] } */
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("area_code", "varchar(20)")
    .addColumn("form_id", "varchar(100)")
    .addColumn("author_id", "varchar(36)")
    .addColumn("note", "varchar(2000)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("content_revisions_item_number", ["item_id", "number"])
    .execute();

  await db.schema
    .createTable("content_redirects")
    .addColumn("from_slug", "varchar(200)", (c) => c.primaryKey())
    .addColumn("item_id", "varchar(36)", (c) =>
      c.notNull().references("content_items.id").onDelete("cascade"),
    )
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("content_redirects").execute();
  await db.schema.dropTable("content_revisions").execute();
  await db.schema.dropTable("content_items").execute();
}
