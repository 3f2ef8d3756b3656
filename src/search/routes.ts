// Finding things: site search at /search?q= (a plain GET form, so it works without
// JavaScript, and a results page that can be bookmarked and shared) and the A to Z of
// services at /services. What people search for is never logged: request logs carry the
// path without its query string (platform/logging.ts), and nothing here logs the query.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ServiceSummary } from "../site/routes.ts";
import { aToZ, LETTERS } from "./a-to-z.ts";
import type { PublishedPage } from "./documents.ts";
import { excerpt, highlight } from "./highlight.ts";
import { MAX_QUERY_CHARACTERS } from "./query.ts";
import { invalidateSearch, SiteSearch } from "./site-search.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The site's search: for related content on a page (`related(url)`), and invalidation. */
    siteSearch: SiteSearch;
  }
}

export type SearchRoutesOptions = {
  services: () => readonly ServiceSummary[];
  /** The published pages (the content module's listPublishedContent). */
  pages?: () => Promise<readonly PublishedPage[]>;
  /** How often to look for changes made elsewhere (another process, a scheduled publish). */
  refreshMillis?: number;
};

const typeLabels: Record<string, string> = {
  service: "Service",
  "service-start": "Service",
  advice: "Advice",
  information: "Information",
  news: "News",
  "area-notice": "Local notice",
};

type Querystring = { q?: string | string[]; page?: string | string[] };

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? "";

export function searchHref(q: string, page = 1): string {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set("page", String(page));
  return `/search?${params.toString()}`;
}

/** govukPagination items: first, last, the current page and its neighbours, gaps as "…". */
export function paginationItems(q: string, page: number, pages: number) {
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> =
    [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) {
      items.push({ number: n, href: searchHref(q, n), current: n === page });
    } else if (!items.at(-1)?.ellipsis) {
      items.push({ ellipsis: true });
    }
  }
  return items;
}

async function searchRoutes(app: FastifyInstance, options: SearchRoutesOptions) {
  const search = new SiteSearch(
    { services: options.services, pages: options.pages },
    {
      refreshMillis: options.refreshMillis,
      onError: (error) =>
        app.log.warn(
          { err: { message: String((error as Error)?.message ?? error) } },
          "search: could not list the published pages; using the last index",
        ),
    },
  );
  app.decorate("siteSearch", search);
  // An editor's publishing action (any accepted POST in the content back office) shows in
  // search at once; changes made elsewhere arrive within the refresh interval.
  app.addHook("onResponse", async (request, reply) => {
    if (
      request.method === "POST" &&
      request.url.startsWith("/staff/content") &&
      reply.statusCode < 400
    ) {
      invalidateSearch();
    }
  });

  app.get<{ Querystring: Querystring }>("/search", async (request, reply) => {
    reply.header("x-robots-tag", "noindex");
    // Shown back as typed, but never longer than the search reads.
    const q = first(request.query.q).replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARACTERS);
    if (!q) {
      return reply.render("search/results.njk", { title: "Search", q: "", empty: true });
    }
    const requested = Number.parseInt(first(request.query.page), 10);
    const result = await search.search(q, Number.isFinite(requested) ? requested : 1);
    const results = result.hits.map((hit) => {
      const summary = highlight(hit.document.summary, hit.matched);
      return {
        url: hit.document.url,
        title: hit.document.title,
        type: typeLabels[hit.document.type] ?? "Page",
        summary,
        // When the summary does not show why this matched, a passage of the page that does.
        excerpt: summary.some((s) => s.mark) ? undefined : excerpt(hit.document.body, hit.matched),
      };
    });
    const shown = result.query.text;
    const from = (result.page - 1) * result.perPage + 1;
    return reply.render("search/results.njk", {
      title:
        `Search results for “${q}”` +
        (result.page > 1 ? ` (page ${result.page} of ${result.pages})` : ""),
      q,
      shown,
      correctedFrom: result.correctedFrom,
      suggestion: result.correctedFrom ? undefined : result.suggestion,
      suggestionHref: result.suggestion ? searchHref(result.suggestion) : undefined,
      total: result.total,
      from,
      to: from + results.length - 1,
      page: result.page,
      pages: result.pages,
      results,
      pagination:
        result.pages > 1
          ? {
              previous: result.page > 1 ? { href: searchHref(q, result.page - 1) } : undefined,
              next:
                result.page < result.pages ? { href: searchHref(q, result.page + 1) } : undefined,
              items: paginationItems(q, result.page, result.pages),
              landmarkLabel: "Search results pages",
            }
          : undefined,
    });
  });

  app.get("/services", async (_request, reply) => {
    const groups = aToZ(await search.documents());
    const used = new Set(groups.map((g) => g.letter));
    return reply.render("search/a-to-z.njk", {
      title: "Services A to Z",
      groups,
      letters: LETTERS.map((letter) => ({
        letter,
        href: used.has(letter) ? `#${letter.toLowerCase()}` : undefined,
      })),
      breadcrumbs: [{ text: "Home", href: "/" }],
    });
  });
}

export const siteSearch = fp(searchRoutes, { name: "site-search", dependencies: ["views"] });
