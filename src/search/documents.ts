// What the search indexes: the services (from the form catalogue), the pages editors publish
// (from the content module), and the site's own standing pages. A published service start
// page and the service it starts are one result, at the service's address.
import type { ServiceSummary } from "../site/routes.ts";
import type { SearchDocument } from "./search-index.ts";

/**
 * A published content page as the content module lists it (listPublishedContent): its tags
 * are police.uk crime categories and audiences, or a plain list.
 */
export type PublishedPage = {
  type: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  /** Plain text. */
  body: string;
  tags:
    | readonly string[]
    | { readonly categories: readonly string[]; readonly audiences: readonly string[] };
  /** For a service start page: the form it starts. */
  formId?: string | null;
};

function tagList(tags: PublishedPage["tags"]): string[] {
  if (Array.isArray(tags)) return [...tags];
  const grouped = tags as { categories: readonly string[]; audiences: readonly string[] };
  return [...grouped.categories, ...grouped.audiences];
}

/**
 * The site's own pages that no editor writes: found by what people call them. Their text
 * here is what the search matches, so it says what each page is for in the public's words.
 */
export const sitePages: SearchDocument[] = [
  {
    url: "/track",
    type: "service",
    title: "Track your report",
    summary: "See what is happening with a report you have made, read our messages and reply.",
    body: "Use the reference number we gave you when you made your report. Check progress, updates and news about your case.",
    tags: [],
  },
  {
    url: "/area",
    type: "service",
    title: "Your area",
    summary:
      "Find your local policing team, what they are working on and crime where you live, by postcode.",
    body: "Safer neighbourhood team, local officers and PCSOs, ward, borough, priorities, meetings and events, crime figures, crime map and statistics near me.",
    tags: [],
  },
  {
    url: "/contact",
    type: "information",
    title: "Contact us",
    summary: "999 in an emergency, 101 for everything else, textphone 18000.",
    body: "Phone numbers, non-emergency number 101, emergency 999, textphone 18000 or 18001 101 if you are deaf, hard of hearing or speech impaired. Police station front counters.",
    tags: [],
  },
  {
    url: "/report",
    type: "information",
    title: "Report something",
    summary:
      "Report a crime or incident online: a theft, antisocial behaviour, a road collision and more.",
    body: "Choose what you want to tell us about. If what you want to report is not listed, call 101.",
    tags: [],
  },
  {
    url: "/apply",
    type: "information",
    title: "Apply for something",
    summary: "Apply for licences, permits and courses run by the police.",
    body: "",
    tags: [],
  },
  {
    url: "/accessibility",
    type: "information",
    title: "Accessibility statement",
    summary: "How accessible this website is, and how to ask for information in another format.",
    body: "",
    tags: [],
  },
  {
    url: "/privacy",
    type: "information",
    title: "Privacy notice",
    summary: "What we do with the information you give us, and your rights.",
    body: "Personal information, data protection, how long we keep it.",
    tags: [],
  },
  {
    url: "/cookies",
    type: "information",
    title: "Cookies",
    summary: "The cookies this website uses and why.",
    body: "",
    tags: [],
  },
];

export function serviceUrl(id: string): string {
  return `/services/${id}`;
}

export function serviceDocuments(services: readonly ServiceSummary[]): SearchDocument[] {
  return services.map((service) => ({
    url: serviceUrl(service.id),
    type: "service",
    title: service.title,
    summary: service.description ?? "",
    body: "",
    tags: [],
    kind: service.kind,
  }));
}

/**
 * Everything to index. A service start page is merged into its service (same address, or
 * the form it names, or a slug equal to the form's id): the service's title and kind, the
 * page's words.
 */
export function searchDocuments(
  services: readonly ServiceSummary[],
  pages: readonly PublishedPage[],
  extra: readonly SearchDocument[] = sitePages,
): SearchDocument[] {
  const byUrl = new Map<string, SearchDocument>();
  for (const doc of serviceDocuments(services)) byUrl.set(doc.url, doc);
  for (const page of pages) {
    const serviceAt =
      byUrl.get(page.url) ??
      (page.formId ? byUrl.get(serviceUrl(page.formId)) : undefined) ??
      (page.type === "service-start" ? byUrl.get(serviceUrl(page.slug)) : undefined);
    if (serviceAt && serviceAt.type === "service") {
      byUrl.set(serviceAt.url, {
        ...serviceAt,
        summary: page.summary || serviceAt.summary,
        body: page.body,
        tags: tagList(page.tags),
      });
      continue;
    }
    if (byUrl.has(page.url)) continue;
    byUrl.set(page.url, {
      url: page.url,
      type: page.type,
      title: page.title,
      summary: page.summary,
      body: page.body,
      tags: tagList(page.tags),
    });
  }
  for (const doc of extra) if (!byUrl.has(doc.url)) byUrl.set(doc.url, doc);
  return [...byUrl.values()];
}
