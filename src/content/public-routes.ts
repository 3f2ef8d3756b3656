// The public's content pages: advice (grouped by crime category), information, news and
// area notices, each with breadcrumbs and related pages. Published pages are the same for
// everyone, so shared caches may keep them for a minute; an old address of a page that
// moved answers with a permanent redirect to the new one.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { categoryBySlug, crimeCategories } from "../neighbourhoods/categories.ts";
import { renderNotFound } from "../platform/errors.ts";
import { SLUG } from "./kinds.ts";
import {
  findPublishedPage,
  findRedirect,
  listPublishedOfType,
  type PublishedPage,
  relatedContent,
} from "./repository.ts";
import type { ContentType } from "./tables.ts";

export const PUBLIC_CACHE = "public, max-age=60";

type Crumb = { text: string; href: string };

const HOME: Crumb = { text: "Home", href: "/" };

/** Where a page of this type sits: its breadcrumbs. */
export function breadcrumbsFor(page: PublishedPage): Crumb[] {
  switch (page.item.type) {
    case "advice": {
      const category = page.tags.categories.map(categoryBySlug).find(Boolean);
      return [
        HOME,
        { text: "Advice", href: "/advice" },
        ...(category ? [{ text: category.name, href: `/advice?category=${category.slug}` }] : []),
      ];
    }
    case "information":
      return [HOME, { text: "Information", href: "/information" }];
    case "news":
      return [HOME, { text: "News", href: "/news" }];
    case "area-notice":
      return [HOME, { text: "Your area", href: "/area" }];
    case "service-start":
      return page.revision.form_id?.startsWith("report-")
        ? [HOME, { text: "Report", href: "/report" }]
        : [HOME];
  }
}

/** How to report the crimes a page is about, where there is an online service for them. */
export function reportLinksFor(page: PublishedPage): Array<{ href: string; text: string }> {
  const links = new Map<string, string>();
  for (const slug of page.tags.categories) {
    const service = categoryBySlug(slug)?.reportService;
    if (service) links.set(service.href, service.text);
  }
  return [...links].map(([href, text]) => ({ href, text }));
}

/** Everything a content page's template needs, for the public page and the staff preview alike. */
export async function pageView(db: Kysely<Database>, page: PublishedPage) {
  const reportLinks = reportLinksFor(page);
  const related = await relatedContent(db, { itemId: page.item.id, tags: page.tags }, 8);
  return {
    title: page.revision.title,
    page,
    breadcrumbs: breadcrumbsFor(page),
    // Related pages, less the ones already offered as the way to report.
    related: related.filter((r) => !reportLinks.some((l) => l.href === r.url)).slice(0, 5),
    reportLinks,
    categories: page.tags.categories.map(categoryBySlug).filter(Boolean),
  };
}

export async function contentPublicRoutes(app: FastifyInstance, options: { db: Kysely<Database> }) {
  const { db } = options;
  const cached = (reply: FastifyReply) => reply.header("cache-control", PUBLIC_CACHE);

  async function showPage(reply: FastifyReply, type: ContentType, slug: string) {
    if (!SLUG.test(slug)) return renderNotFound(reply);
    const page = await findPublishedPage(db, type, slug);
    if (!page) {
      const moved = await findRedirect(db, type, slug);
      if (moved) return cached(reply).redirect(moved, 301);
      return renderNotFound(reply);
    }
    return cached(reply).render("content/page.njk", await pageView(db, page));
  }

  app.get<{ Querystring: { category?: string } }>("/advice", async (request, reply) => {
    const pages = await listPublishedOfType(db, "advice");
    const chosen =
      typeof request.query.category === "string"
        ? categoryBySlug(request.query.category)
        : undefined;
    const groups = crimeCategories
      .filter((c) => !chosen || c.slug === chosen.slug)
      .map((category) => ({
        category,
        pages: pages.filter((p) => p.tags.categories.includes(category.slug)),
      }));
    const general = chosen ? [] : pages.filter((p) => p.tags.categories.length === 0);
    return cached(reply).render("content/advice-index.njk", {
      title: chosen ? `Advice about ${chosen.phrase}` : "Advice",
      chosen,
      groups,
      general,
      categories: crimeCategories,
      breadcrumbs: chosen ? [HOME, { text: "Advice", href: "/advice" }] : [HOME],
    });
  });
  app.get<{ Params: { slug: string } }>("/advice/:slug", async (request, reply) =>
    showPage(reply, "advice", request.params.slug),
  );

  app.get("/information", async (_request, reply) =>
    cached(reply).render("content/list.njk", {
      title: "Information",
      intro:
        "What happens after you report a crime, your rights, and how to ask us for information or complain.",
      pages: await listPublishedOfType(db, "information"),
      breadcrumbs: [HOME],
    }),
  );
  app.get<{ Params: { slug: string } }>("/information/:slug", async (request, reply) =>
    showPage(reply, "information", request.params.slug),
  );

  app.get("/news", async (_request, reply) =>
    cached(reply).render("content/list.njk", {
      title: "News",
      intro: "News and appeals from the force.",
      pages: await listPublishedOfType(db, "news"),
      dated: true,
      breadcrumbs: [HOME],
    }),
  );
  app.get<{ Params: { slug: string } }>("/news/:slug", async (request, reply) =>
    showPage(reply, "news", request.params.slug),
  );

  app.get<{ Params: { slug: string } }>("/notices/:slug", async (request, reply) =>
    showPage(reply, "area-notice", request.params.slug),
  );
}
