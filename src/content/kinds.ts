// The kinds of content page, where each lives on the public site, and what a tag may be.
import type { ContentType } from "./tables.ts";

export const CONTENT_TYPES: ReadonlyArray<{ type: ContentType; label: string; plural: string }> = [
  { type: "advice", label: "Advice", plural: "Advice" },
  { type: "service-start", label: "Service start page", plural: "Service start pages" },
  { type: "information", label: "Information", plural: "Information pages" },
  { type: "news", label: "News", plural: "News" },
  { type: "area-notice", label: "Area notice", plural: "Area notices" },
];

export function isContentType(value: unknown): value is ContentType {
  return CONTENT_TYPES.some((t) => t.type === value);
}

export function typeLabel(type: ContentType): string {
  return CONTENT_TYPES.find((t) => t.type === type)?.label ?? type;
}

/** Who a page is for: advice is tagged with these as well as crime categories. */
export const AUDIENCES = [
  { value: "residents", text: "Residents" },
  { value: "businesses", text: "Businesses" },
  { value: "victims", text: "Victims and witnesses" },
  { value: "young-people", text: "Young people" },
  { value: "parents", text: "Parents and carers" },
  { value: "older-people", text: "Older people" },
  { value: "drivers", text: "Drivers and riders" },
  { value: "cyclists", text: "Cyclists" },
] as const;

export type ContentTags = { categories: string[]; audiences: string[] };

export function parseTags(json: string | null | undefined): ContentTags {
  try {
    const value = JSON.parse(json ?? "{}") as Partial<ContentTags>;
    const strings = (list: unknown) =>
      Array.isArray(list) ? list.filter((s): s is string => typeof s === "string") : [];
    return { categories: strings(value.categories), audiences: strings(value.audiences) };
  } catch {
    return { categories: [], audiences: [] };
  }
}

/** A slug: lower-case words joined by hyphens, as in the page's address. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
}

/**
 * Where the public find a page. A service start page is shown at its service's own address,
 * and an area notice under /notices (the area pages list them).
 */
export function contentUrl(page: {
  type: ContentType;
  slug: string;
  form_id?: string | null;
}): string {
  switch (page.type) {
    case "advice":
      return `/advice/${page.slug}`;
    case "information":
      return `/information/${page.slug}`;
    case "news":
      return `/news/${page.slug}`;
    case "area-notice":
      return `/notices/${page.slug}`;
    case "service-start":
      return page.form_id ? `/services/${page.form_id}` : `/information/${page.slug}`;
  }
}
