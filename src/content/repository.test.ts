import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import { listAreaNotices, listPublishedContent } from "./repository.ts";

for (const dialect of testDialects()) {
  describe(`content repository (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      await t.handle.migrate();
      const db = t.handle.db;
      const at = "2026-01-01T00:00:00.000Z";
      const page = (id: string, type: "advice" | "area-notice", slug: string, published: boolean) =>
        db
          .insertInto("content_items")
          .values({
            id,
            type,
            slug,
            status: published ? "published" : "draft",
            current_revision_id: `${id}-r1`,
            published_revision_id: published ? `${id}-r1` : null,
            owner_id: null,
            review_by: null,
            publish_at: null,
            unpublish_at: null,
            published_at: published ? at : null,
            scheduled_revision_id: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      const revision = (id: string, title: string, areaCode: string | null = null) =>
        db
          .insertInto("content_revisions")
          .values({
            id: `${id}-r1`,
            item_id: id,
            number: 1,
            title,
            summary: `${title} in short`,
            body: `## How\n\nLock **your** [door](/x).\n\n- one\n- two`,
            tags: JSON.stringify({ categories: ["burglary"], audiences: [] }),
            area_code: areaCode,
            form_id: null,
            author_id: null,
            note: null,
            created_at: at,
          })
          .execute();
      await page("a", "advice", "burglary", true);
      await revision("a", "Burglary");
      await page("b", "advice", "draft-only", false);
      await revision("b", "Draft");
      await page("c", "area-notice", "road-closed", true);
      await revision("c", "Road closed", "E05000001");
    });
    after(async () => t.cleanup());

    test("lists only published pages, as plain text with their tags and address", async () => {
      const all = await listPublishedContent(t.handle.db);
      assert.deepEqual(
        all.map((p) => p.url),
        ["/advice/burglary", "/notices/road-closed"],
      );
      assert.equal(all[0].body, "How\nLock your door.\none\ntwo");
      assert.deepEqual(all[0].tags, { categories: ["burglary"], audiences: [] });
    });

    test("area notices by area code", async () => {
      assert.deepEqual(
        (await listAreaNotices(t.handle.db, "E05000001")).map((n) => n.title),
        ["Road closed"],
      );
      assert.deepEqual(await listAreaNotices(t.handle.db, "E05000002"), []);
    });
  });
}
