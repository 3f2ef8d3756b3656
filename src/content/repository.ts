// Reading content pages: what the public see (the published revision of each page) and
// what other features need from it (search, the area pages, the services' start pages).
// The public only ever see a page's published revision; drafts and older revisions stay in
// the back office.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { type ContentTags, contentUrl, parseTags } from "./kinds.ts";
import type { ContentItemTable, ContentRevisionTable, ContentType } from "./tables.ts";

type Db = Kysely<Database> | Transaction<Database>;

// markdown-it and sanitize-html (with postcss and htmlparser2) are some 20 MB of memory:
// loaded when a page body is first read, not at start, so that a process serving forms
// alone never carries them.
let markdownModule: Promise<typeof import("./markdown.ts")> | undefined;
const loadMarkdown = () => (markdownModule ??= import("./markdown.ts"));

/** A published page as search and listings see it: words, not markup. */
export type PublishedContent = {
  type: ContentType;
  slug: string;
  /** Where the public read it. */
  url: string;
  title: string;
  summary: string;
  /** The body as plain text (Markdown removed), for indexing. */
  body: string;
  tags: ContentTags;
  /** The area a notice is about (area notices only). */
  areaCode: string | null;
  /** The service a start page belongs to (service start pages only). */
  formId: string | null;
  publishedAt: string | null;
  reviewBy: string | null;
};

/** A published page ready to show: its revision, its HTML and its address. */
export type PublishedPage = {
  item: ContentItemTable;
  revision: ContentRevisionTable;
  url: string;
  tags: ContentTags;
  html: string;
};

function publishedRows(db: Db) {
  return db
    .selectFrom("content_items as i")
    .innerJoin("content_revisions as r", "r.id", "i.published_revision_id")
    .where("i.published_revision_id", "is not", null)
    .where("i.status", "!=", "archived")
    .select([
      "i.id as item_id",
      "i.type",
      "i.slug",
      "i.published_at",
      "i.review_by",
      "r.title",
      "r.summary",
      "r.body",
      "r.tags",
      "r.area_code",
      "r.form_id",
    ]);
}

/**
 * Every published page, for site search and the A to Z: title, summary, plain-text body,
 * tags and address. Ordered by type, then title.
 */
export async function listPublishedContent(db: Db): Promise<PublishedContent[]> {
  const rows = await publishedRows(db).orderBy("i.type").orderBy("r.title").execute();
  const { markdownToText } = await loadMarkdown();
  return rows.map((row) => ({
    type: row.type,
    slug: row.slug,
    url: contentUrl(row),
    title: row.title,
    summary: row.summary,
    body: markdownToText(row.body),
    tags: parseTags(row.tags),
    areaCode: row.area_code,
    formId: row.form_id,
    publishedAt: row.published_at,
    reviewBy: row.review_by,
  }));
}

async function toPage(
  item: ContentItemTable,
  revision: ContentRevisionTable,
): Promise<PublishedPage> {
  const { renderMarkdown } = await loadMarkdown();
  return {
    item,
    revision,
    url: contentUrl({ type: item.type, slug: item.slug, form_id: revision.form_id }),
    tags: parseTags(revision.tags),
    html: renderMarkdown(revision.body),
  };
}

/** A page as it would be shown, from any revision (the preview uses this too). */
export function pageOf(
  item: ContentItemTable,
  revision: ContentRevisionTable,
): Promise<PublishedPage> {
  return toPage(item, revision);
}

/** The published page of this type at this slug, if there is one. */
export async function findPublishedPage(
  db: Db,
  type: ContentType,
  slug: string,
): Promise<PublishedPage | undefined> {
  const item = await db
    .selectFrom("content_items")
    .selectAll()
    .where("type", "=", type)
    .where("slug", "=", slug)
    .where("published_revision_id", "is not", null)
    .where("status", "!=", "archived")
    .executeTakeFirst();
  if (!item?.published_revision_id) return undefined;
  const revision = await db
    .selectFrom("content_revisions")
    .selectAll()
    .where("id", "=", item.published_revision_id)
    .executeTakeFirst();
  return revision ? toPage(item, revision) : undefined;
}

/**
 * Where an old address of a page of this type now lives: the page's current address, if it
 * is published (a slug that changed leaves a redirect behind).
 */
export async function findRedirect(
  db: Db,
  type: ContentType,
  slug: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("content_redirects as d")
    .innerJoin("content_items as i", "i.id", "d.item_id")
    .innerJoin("content_revisions as r", "r.id", "i.published_revision_id")
    .where("d.from_slug", "=", slug)
    .where("i.type", "=", type)
    .where("i.status", "!=", "archived")
    .select(["i.type", "i.slug", "r.form_id"])
    .executeTakeFirst();
  return row ? contentUrl(row) : undefined;
}

/**
 * The published start page written for a service, if an editor has published one: the
 * service's start page (GET /services/{formId}) shows it in place of the form's own text.
 */
export async function findPublishedServiceStart(
  db: Db,
  formId: string,
): Promise<PublishedPage | undefined> {
  const row = await db
    .selectFrom("content_items as i")
    .innerJoin("content_revisions as r", "r.id", "i.published_revision_id")
    .where("i.type", "=", "service-start")
    .where("i.status", "!=", "archived")
    .where("r.form_id", "=", formId)
    .select("i.slug")
    .orderBy("i.published_at", "desc")
    .executeTakeFirst();
  return row ? findPublishedPage(db, "service-start", row.slug) : undefined;
}

/** A notice listed on an area page. */
export type AreaNotice = {
  slug: string;
  url: string;
  title: string;
  summary: string;
  publishedAt: string | null;
};

/**
 * The published notices for one area (a neighbourhood's or a borough's code), newest first,
 * for the area pages to list.
 */
export async function listAreaNotices(db: Db, areaCode: string): Promise<AreaNotice[]> {
  const rows = await publishedRows(db)
    .where("i.type", "=", "area-notice")
    .where("r.area_code", "=", areaCode)
    .orderBy("i.published_at", "desc")
    .orderBy("r.title")
    .execute();
  return rows.map((row) => ({
    slug: row.slug,
    url: contentUrl(row),
    title: row.title,
    summary: row.summary,
    publishedAt: row.published_at,
  }));
}

/** Published pages of one type, with their tags, for the index pages. */
export async function listPublishedOfType(
  db: Db,
  type: ContentType,
): Promise<
  Array<{
    slug: string;
    url: string;
    title: string;
    summary: string;
    tags: ContentTags;
    publishedAt: string | null;
  }>
> {
  const rows = await publishedRows(db)
    .where("i.type", "=", type)
    .orderBy(type === "news" ? "i.published_at" : "r.title", type === "news" ? "desc" : "asc")
    .execute();
  return rows.map((row) => ({
    slug: row.slug,
    url: contentUrl(row),
    title: row.title,
    summary: row.summary,
    tags: parseTags(row.tags),
    publishedAt: row.published_at,
  }));
}

/**
 * Other published pages that share a crime category or an audience with this one, the
 * closest first (shared categories count more than shared audiences).
 */
export async function relatedContent(
  db: Db,
  page: { itemId: string; tags: ContentTags },
  limit = 5,
): Promise<Array<{ url: string; title: string }>> {
  const { categories, audiences } = page.tags;
  if (categories.length === 0 && audiences.length === 0) return [];
  const rows = await publishedRows(db)
    .where("i.id", "!=", page.itemId)
    .where("i.type", "in", ["advice", "information", "service-start"])
    .execute();
  return rows
    .map((row) => {
      const tags = parseTags(row.tags);
      const score =
        tags.categories.filter((c) => categories.includes(c)).length * 3 +
        tags.audiences.filter((a) => audiences.includes(a)).length;
      return { url: contentUrl(row), title: row.title, score };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map(({ url, title }) => ({ url, title }));
}
