// The demo's content: Markdown files with YAML front matter under content/, loaded into an
// empty database as published pages (like the teams). After that the database is the truth
// and editors change pages in the back office. A file that does not make sense stops the
// start-up with its name and the problem, as a form definition does.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { parse } from "yaml";
import type { Database } from "../db/schema.ts";
import { isCategorySlug } from "../neighbourhoods/categories.ts";
import { AUDIENCES, isContentType, SLUG } from "./kinds.ts";
import type { ContentType } from "./tables.ts";

export type SeedPage = {
  file: string;
  type: ContentType;
  slug: string;
  title: string;
  summary: string;
  body: string;
  categories: string[];
  audiences: string[];
  reviewBy: string | null;
  formId: string | null;
  areaCode: string | null;
};

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads one file; throws with the file's name when something is missing or wrong. */
export function parseSeedFile(file: string, text: string, formIds?: ReadonlySet<string>): SeedPage {
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  const match = FRONT_MATTER.exec(text);
  if (!match) return fail("starts with front matter between --- lines");
  const meta = (parse(match[1]) ?? {}) as Record<string, unknown>;
  const text_ = (key: string) => {
    const value = meta[key];
    if (typeof value !== "string" || value.trim() === "") return fail(`needs a ${key}`);
    return value.trim();
  };
  const type = meta.type;
  if (!isContentType(type)) return fail(`type ${JSON.stringify(type)} is not a content type`);
  const slug = text_("slug");
  if (!SLUG.test(slug)) fail(`slug ${JSON.stringify(slug)} must be lower-case words and hyphens`);
  const tags = (meta.tags ?? {}) as { categories?: unknown; audiences?: unknown };
  const list = (value: unknown, name: string) => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      return fail(`tags.${name} must be a list`);
    }
    return value as string[];
  };
  const categories = list(tags.categories, "categories");
  for (const c of categories)
    if (!isCategorySlug(c)) fail(`${c} is not a police.uk crime category`);
  const audiences = list(tags.audiences, "audiences");
  for (const a of audiences) {
    if (!AUDIENCES.some((known) => known.value === a)) fail(`${a} is not an audience`);
  }
  const reviewBy = meta["review-by"] === undefined ? null : String(meta["review-by"]);
  if (reviewBy !== null && !DATE.test(reviewBy)) fail("review-by must be a date: YYYY-MM-DD");
  const formId = typeof meta.form === "string" ? meta.form : null;
  if (type === "service-start") {
    if (!formId) fail("a service start page needs the form it starts");
    if (formIds && !formIds.has(formId!)) fail(`there is no service ${formId}`);
  }
  const areaCode = typeof meta.area === "string" ? meta.area : null;
  if (type === "area-notice" && !areaCode) fail("an area notice needs the area it is about");
  const body = match[2].trim();
  if (!body) fail("has no text");
  return {
    file,
    type,
    slug,
    title: text_("title"),
    summary: text_("summary"),
    body: `${body}\n`,
    categories,
    audiences,
    reviewBy,
    formId,
    areaCode,
  };
}

/** Every .md file under the folder, sorted, parsed. */
export function readSeedContent(dir: string, formIds?: ReadonlySet<string>): SeedPage[] {
  if (!fs.existsSync(dir)) return [];
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".md") && path.basename(f) !== "README.md")
    .sort();
  const pages = files.map((f) =>
    parseSeedFile(
      path.join(path.basename(dir), f),
      fs.readFileSync(path.join(dir, f), "utf8"),
      formIds,
    ),
  );
  const seen = new Map<string, string>();
  for (const page of pages) {
    const other = seen.get(page.slug);
    if (other) throw new Error(`${page.file}: slug ${page.slug} is also used by ${other}`);
    seen.set(page.slug, page.file);
  }
  return pages;
}

/** Loads the seed content into an empty database as published pages; does nothing once any exist. */
export async function seedContent(
  db: Kysely<Database>,
  dir: string,
  now: Date,
  formIds?: ReadonlySet<string>,
): Promise<number> {
  const existing = await db.selectFrom("content_items").select("id").limit(1).executeTakeFirst();
  if (existing) return 0;
  const pages = readSeedContent(dir, formIds);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const page of pages) {
      const itemId = randomUUID();
      const revisionId = randomUUID();
      // Another process may be seeding at the same moment: the unique slug keeps one copy.
      const inserted = await trx
        .insertInto("content_items")
        .values({
          id: itemId,
          type: page.type,
          slug: page.slug,
          status: "published",
          current_revision_id: revisionId,
          published_revision_id: revisionId,
          owner_id: null,
          review_by: page.reviewBy,
          publish_at: null,
          unpublish_at: null,
          published_at: at,
          scheduled_revision_id: null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      await trx
        .insertInto("content_revisions")
        .values({
          id: revisionId,
          item_id: itemId,
          number: 1,
          title: page.title,
          summary: page.summary,
          body: page.body,
          tags: JSON.stringify({ categories: page.categories, audiences: page.audiences }),
          area_code: page.areaCode,
          form_id: page.formId,
          author_id: null,
          note: `Seed content from ${page.file}`,
          created_at: at,
        })
        .execute();
    }
  });
  return pages.length;
}
