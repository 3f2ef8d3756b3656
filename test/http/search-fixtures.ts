// Pages for the search tests, written straight into the content tables (published, or a
// draft only), and the result links read back from a results page.
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";

/** A page straight into the content tables, published or as a draft only. */
export async function addPage(
  db: Kysely<Database>,
  page: {
    id: string;
    type: "advice" | "news" | "information";
    slug: string;
    title: string;
    summary: string;
    body: string;
    published?: boolean;
  },
) {
  const at = "2026-01-01T00:00:00.000Z";
  const published = page.published ?? true;
  await db
    .insertInto("content_items")
    .values({
      id: page.id,
      type: page.type,
      slug: page.slug,
      status: published ? "published" : "draft",
      current_revision_id: `${page.id}-r1`,
      published_revision_id: published ? `${page.id}-r1` : null,
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
  await db
    .insertInto("content_revisions")
    .values({
      id: `${page.id}-r1`,
      item_id: page.id,
      number: 1,
      title: page.title,
      summary: page.summary,
      body: page.body,
      tags: JSON.stringify({ categories: [], audiences: [] }),
      area_code: null,
      form_id: null,
      author_id: null,
      note: null,
      created_at: at,
    })
    .execute();
}

/** The result links of a results page, in order. */
export function resultUrls(html: string): string[] {
  const list = /<ol class="govuk-list bl-search-results"[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "";
  return [...list.matchAll(/<h2[^>]*><a class="govuk-link" href="([^"]+)"/g)].map((m) => m[1]);
}
