// The public "Your area" pages: find your area (by postcode or name, a plain form that needs
// no JavaScript), a neighbourhood's page and a borough's page. The search is a POST, so a
// postcode, which says where someone lives, never appears in an address or a log.
import type { FastifyInstance, FastifyReply } from "fastify";
import type nunjucks from "nunjucks";
import { CachedPage, STAND_IN } from "../platform/cached-page.ts";
import { renderNotFound } from "../platform/errors.ts";
import { categoryBySlug, reportLink } from "./categories.ts";
import { escapeXml } from "./charts.ts";
import { crimeProfile } from "./crime-profile.ts";
import {
  countPostcodes,
  findPostcode,
  neighbourhoodsForOutcode,
  readPostcode,
} from "./postcodes.ts";
import {
  findBoroughBySlug,
  findNeighbourhood,
  findNeighbourhoodBySlugs,
  listBoroughs,
  neighbourhoodsByIds,
  neighbourhoodsOfBorough,
  searchByName,
  teamOf,
} from "./repository.ts";
import type { NeighbourhoodService } from "./service.ts";

const ATTRIBUTION = [
  "Contains public sector information licensed under the Open Government Licence v3.0.",
  "Metropolitan Police Service, via the London Datastore. Contains public sector information licensed under the Open Government Licence.",
  "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2022.",
  "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025. Contains National Statistics data © Crown copyright and database right 2025.",
];

type Result = { href: string; text: string; hint?: string };

export async function areaRoutes(
  app: FastifyInstance,
  options: { service: NeighbourhoodService; views: nunjucks.Environment },
) {
  const { service, views } = options;
  /** Renders a template to text, or fails. */
  const render = (template: string, context: Record<string, unknown>) =>
    new Promise<string>((resolve, reject) =>
      views.render(template, context, (error, html) =>
        error ? reject(error) : resolve(html ?? ""),
      ),
    );
  /**
   * A whole page to keep (page-cache.ts): the main column, then the layout around it, with
   * a stand-in for the CSP nonce and the indentation dropped (a fifth of the size: these
   * pages carry tables and charts). Nothing here may depend on who is asking: the layout
   * gets only the page's own path, never the visitor's view globals (a CSRF token made here
   * would be served to everyone, so asking for one fails the render instead).
   */
  async function renderPage(
    template: string,
    context: Record<string, unknown>,
    page: { path: string; title: string; breadcrumbs: Array<{ text: string; href: string }> },
  ): Promise<CachedPage> {
    const bodyHtml = await render(template, context);
    const html = await render("neighbourhoods/page.njk", {
      currentPath: page.path,
      cspNonce: STAND_IN.nonce,
      csrfToken: () => {
        throw new Error("a cached page cannot carry a CSRF token");
      },
      title: page.title,
      breadcrumbs: page.breadcrumbs,
      bodyHtml,
    });
    return new CachedPage(html.replace(/\n\s+/g, "\n"));
  }
  const db = service.db;

  const areaHref = (boroughSlug: string, slug: string) => `/area/${boroughSlug}/${slug}`;

  async function renderFind(
    reply: FastifyReply,
    state: {
      q?: string;
      error?: string;
      results?: Result[];
      resultsTitle?: string;
      resultsIntro?: string;
      status?: number;
    } = {},
  ) {
    const boroughs = await listBoroughs(db);
    return reply.code(state.status ?? 200).render("neighbourhoods/find.njk", {
      title: "Your area",
      q: state.q ?? "",
      error: state.error,
      errorList: state.error ? [{ text: state.error, href: "#q" }] : undefined,
      results: state.results,
      resultsTitle: state.resultsTitle,
      resultsIntro: state.resultsIntro,
      boroughs: boroughs.map((b) => ({ href: `/area/${b.slug}`, text: b.name })),
    });
  }

  app.get("/area", async (_request, reply) => renderFind(reply));

  app.post("/area", async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = typeof body.q === "string" ? body.q.slice(0, 100).trim() : "";
    if (q === "") {
      return renderFind(reply, {
        status: 422,
        error: "Enter a postcode or the name of an area",
      });
    }
    const typed = readPostcode(q);
    switch (typed.kind) {
      case "malformed":
        return renderFind(reply, {
          q,
          status: 422,
          error: "Enter a real postcode, like SW1A 1AA, or the name of an area",
        });
      case "full": {
        const found = await findPostcode(db, typed.postcode);
        if (found?.neighbourhood_id) {
          const n = await findNeighbourhood(db, found.neighbourhood_id);
          if (n) return reply.code(303).redirect(areaHref(n.borough_slug, n.slug));
        }
        if (found) {
          return renderFind(reply, {
            q,
            status: 422,
            error: `${typed.postcode} is not in an area we cover. Check the postcode, or search by the name of your area`,
          });
        }
        if ((await countPostcodes(db)) === 0) {
          // The demo loads its postcodes in the background on first start.
          return renderFind(reply, {
            q,
            status: 422,
            error:
              "Searching by postcode is not available yet. Search by the name of your area, or choose your borough",
          });
        }
        return renderFind(reply, {
          q,
          status: 422,
          error: `We cannot find the postcode ${typed.postcode}. Check it, or search by the name of your area`,
        });
      }
      case "outward":
      case "partial": {
        const areas = await neighbourhoodsForOutcode(db, typed.outcode);
        if (areas.length === 0) {
          return renderFind(reply, {
            q,
            status: 422,
            error: `We cannot find any postcodes starting ${typed.outcode} in the areas we cover. Enter your full postcode, like SW1A 1AA`,
          });
        }
        const found = await neighbourhoodsByIds(
          db,
          areas.map((a) => a.neighbourhoodId),
        );
        const order = new Map(areas.map((a, i) => [a.neighbourhoodId, i]));
        found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        return renderFind(reply, {
          q,
          resultsTitle: `Areas with postcodes starting ${typed.outcode}`,
          resultsIntro: `${typed.outcode} is only the first part of a postcode, and it covers ${found.length === 1 ? "1 area" : `${found.length} areas`}. Enter your full postcode to find your exact area, or choose one.`,
          results: found.map((n) => ({
            href: areaHref(n.borough_slug, n.slug),
            text: n.name,
            hint: n.borough_name,
          })),
        });
      }
      default: {
        const found = await searchByName(db, q);
        const results: Result[] = [
          ...found.boroughs.map((b) => ({
            href: `/area/${b.slug}`,
            text: b.name,
            hint: "Borough",
          })),
          ...found.neighbourhoods.map((n) => ({
            href: areaHref(n.borough_slug, n.slug),
            text: n.name,
            hint: n.borough_name,
          })),
        ];
        if (results.length === 0) {
          return renderFind(reply, {
            q,
            status: 422,
            error: `We cannot find an area called "${q}". Check the spelling, or enter a postcode`,
          });
        }
        if (results.length === 1) return reply.code(303).redirect(results[0].href);
        return renderFind(reply, {
          q,
          resultsTitle: `Areas matching "${q}"`,
          resultsIntro:
            results.length >= 50
              ? "Showing the first 50. Add more of the name to narrow it down."
              : undefined,
          results,
        });
      }
    }
  });

  // Looked up by the address as given: a page seen before is sent without a query.
  app.get<{ Params: { borough: string } }>("/area/:borough", async (request, reply) => {
    const page = await service.page(`borough|${request.params.borough}`, async () => {
      const borough = await findBoroughBySlug(db, request.params.borough);
      if (!borough) return undefined;
      const [areas, context] = await Promise.all([
        neighbourhoodsOfBorough(db, borough.id),
        service.context(),
      ]);
      const first = areas.length > 0 ? await findNeighbourhood(db, areas[0].id) : undefined;
      const profile = await crimeProfile(
        db,
        {
          kind: "borough",
          id: borough.id,
          name: borough.name,
          forceId: first?.force_id ?? "",
        },
        context,
      );
      return renderPage(
        "neighbourhoods/borough-body.njk",
        {
          borough,
          areas: areas.map((a) => ({ href: areaHref(borough.slug, a.slug), text: a.name })),
          profile,
          advice: adviceFor(profile, borough.id),
          regionName: context.regionName,
          attribution: ATTRIBUTION,
        },
        {
          path: `/area/${borough.slug}`,
          title: borough.name,
          breadcrumbs: [
            { text: "Home", href: "/" },
            { text: "Your area", href: "/area" },
          ],
        },
      );
    });
    return page ? reply.sendCachedPage(page) : renderNotFound(reply);
  });

  app.get<{ Params: { borough: string; neighbourhood: string } }>(
    "/area/:borough/:neighbourhood",
    async (request, reply) => {
      const { borough, neighbourhood } = request.params;
      const page = await service.page(`area|${borough}|${neighbourhood}`, async () => {
        const n = await findNeighbourhoodBySlugs(db, borough, neighbourhood);
        if (!n) return undefined;
        const [team, context] = await Promise.all([teamOf(db, n.id), service.context()]);
        const profile = await crimeProfile(
          db,
          {
            kind: "neighbourhood",
            id: n.id,
            name: n.name,
            forceId: n.force_id,
            borough: { id: n.borough_id, name: n.borough_name },
          },
          context,
        );
        const contact = safeJson<Record<string, string>>(n.contact_details, {});
        // A long address would push a 320 px screen sideways: allow breaks after "@" and ".".
        const emailHtml = contact.email
          ? escapeXml(contact.email).replace(/([@.])/g, "$1<wbr>")
          : undefined;
        return renderPage(
          "neighbourhoods/area-body.njk",
          {
            area: n,
            contact,
            emailHtml,
            team,
            profile,
            advice: adviceFor(profile, n.id),
            regionName: context.regionName,
            attribution: ATTRIBUTION,
          },
          {
            path: areaHref(n.borough_slug, n.slug),
            title: `${n.name}, ${n.borough_name}`,
            breadcrumbs: [
              { text: "Home", href: "/" },
              { text: "Your area", href: "/area" },
              { text: n.borough_name, href: `/area/${n.borough_slug}` },
            ],
          },
        );
      });
      return page ? reply.sendCachedPage(page) : renderNotFound(reply);
    },
  );
}

/**
 * For each of the most common crimes: where to find advice, and how to report it, with the
 * crime and the area (neighbourhood or borough code) passed on for the form to fill in.
 */
function adviceFor(profile: Awaited<ReturnType<typeof crimeProfile>>, area: string) {
  if (!profile.hasData) return [];
  return profile.top.slice(0, 3).map((c) => {
    const category = categoryBySlug(c.category.slug)!;
    return {
      slug: category.slug,
      name: category.name,
      phrase: category.phrase,
      description: category.description,
      adviceHref: `/advice?category=${category.slug}`,
      report: reportLink(category, area),
    };
  });
}

function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
