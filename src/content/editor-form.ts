// The editor's form: reading what was posted, checking it, and the GOV.UK error messages.
// Dates and times are typed as UK local time (what editors mean by "9am on Monday") and
// stored as UTC.
import { type Body, type ErrorItem, field, fields } from "../admin/forms.ts";
import { isCategorySlug } from "../neighbourhoods/categories.ts";
import { formatNumber } from "../platform/numbers.ts";
import { ukLocalToUtc, ukWallClock } from "../platform/uk-time.ts";
import { AUDIENCES, SLUG, slugify } from "./kinds.ts";
import type { ContentType } from "./tables.ts";
import type { PageFields } from "./workflow.ts";

/** The form's values as typed, to show again when something is wrong. */
export type EditorValues = {
  title: string;
  summary: string;
  slug: string;
  body: string;
  categories: string[];
  audiences: string[];
  areaCode: string;
  formId: string;
  ownerId: string;
  reviewDay: string;
  reviewMonth: string;
  reviewYear: string;
  note: string;
};

export function editorValues(body: Body | undefined): EditorValues {
  return {
    title: field(body, "title"),
    summary: field(body, "summary"),
    slug: field(body, "slug").toLowerCase(),
    // The body keeps its own spacing; only line endings are made the same.
    body: String(rawField(body, "body")).replace(/\r\n?/g, "\n"),
    categories: fields(body, "categories"),
    audiences: fields(body, "audiences"),
    areaCode: field(body, "areaCode").toUpperCase(),
    formId: field(body, "formId"),
    ownerId: field(body, "ownerId"),
    reviewDay: field(body, "reviewDay"),
    reviewMonth: field(body, "reviewMonth"),
    reviewYear: field(body, "reviewYear"),
    note: field(body, "note"),
  };
}

function rawField(body: Body | undefined, name: string): string {
  const value = body?.[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

const LIMITS = { title: 200, summary: 600, body: 50_000, note: 500 };

/** A real calendar date from three typed parts, as YYYY-MM-DD. */
export function dateFrom(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

/** "9:30", "09:30", "9.30", "14:05": hours and minutes on the 24-hour clock. */
export function timeFrom(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

/** An instant as UK date parts and a time, to fill the form in again. */
export function utcToUkParts(iso: string): {
  day: string;
  month: string;
  year: string;
  time: string;
} {
  const clock = ukWallClock(new Date(iso));
  const two = (n: number) => String(n).padStart(2, "0");
  return {
    day: String(clock.day),
    month: String(clock.month),
    year: String(clock.year),
    time: `${two(clock.hour)}:${two(clock.minute)}`,
  };
}

/**
 * Checks the editor's form. `formIds` are the services a start page may belong to;
 * `ownerIds` the staff who may own a page.
 */
export function checkEditor(
  type: ContentType,
  values: EditorValues,
  context: { formIds: ReadonlySet<string>; ownerIds: ReadonlySet<string> },
): { errors: ErrorItem[]; fields?: PageFields } {
  const errors: ErrorItem[] = [];
  const error = (href: string, text: string) => errors.push({ href: `#${href}`, text });
  if (!values.title) error("title", "Enter a title");
  else if (values.title.length > LIMITS.title)
    error("title", `The title must be ${LIMITS.title} characters or fewer`);
  if (!values.summary) error("summary", "Enter a summary");
  else if (values.summary.length > LIMITS.summary)
    error("summary", `The summary must be ${LIMITS.summary} characters or fewer`);
  const slug = values.slug || slugify(values.title);
  if (values.slug && (!SLUG.test(values.slug) || values.slug.length > 100)) {
    error(
      "slug",
      "The web address must be lower-case letters, numbers and hyphens, like lock-your-bike",
    );
  } else if (!slug && values.title) {
    error("slug", "Enter a web address");
  }
  if (!values.body.trim()) error("body", "Enter the text of the page");
  else if (values.body.length > LIMITS.body)
    error("body", `The text must be ${formatNumber(LIMITS.body)} characters or fewer`);
  if (values.categories.some((c) => !isCategorySlug(c)))
    error("categories", "Choose crime categories from the list");
  if (values.audiences.some((a) => !AUDIENCES.some((known) => known.value === a))) {
    error("audiences", "Choose audiences from the list");
  }
  if (type === "area-notice") {
    if (!values.areaCode) error("areaCode", "Enter the code of the area the notice is for");
    else if (!/^[A-Z0-9-]{2,20}$/.test(values.areaCode))
      error("areaCode", "The area code must be letters and numbers, like E05013660");
  }
  if (type === "service-start") {
    if (!values.formId) error("formId", "Choose the service this page starts");
    else if (!context.formIds.has(values.formId)) error("formId", "Choose a service from the list");
  }
  if (values.ownerId && !context.ownerIds.has(values.ownerId))
    error("ownerId", "Choose an owner from the list");
  let reviewBy: string | null = null;
  if (values.reviewDay || values.reviewMonth || values.reviewYear) {
    reviewBy = dateFrom(values.reviewDay, values.reviewMonth, values.reviewYear) ?? null;
    if (!reviewBy) error("reviewBy", "The review date must be a real date, like 31 3 2027");
  }
  if (values.note.length > LIMITS.note)
    error("note", `The note must be ${LIMITS.note} characters or fewer`);
  if (errors.length) return { errors };
  return {
    errors,
    fields: {
      slug,
      title: values.title,
      summary: values.summary,
      body: `${values.body.trimEnd()}\n`,
      tags: { categories: values.categories, audiences: values.audiences },
      areaCode: type === "area-notice" ? values.areaCode : null,
      formId: type === "service-start" ? values.formId : null,
      ownerId: values.ownerId || null,
      reviewBy,
      note: values.note || null,
    },
  };
}

/**
 * "When" on the publish and take-down pages: now, or a UK date and time in the future.
 * Returns the ISO instant, undefined for now, or an error.
 */
export function checkWhen(
  body: Body | undefined,
  now: Date,
): { at?: string; error?: ErrorItem; values: Record<string, string> } {
  const values = {
    when: field(body, "when"),
    day: field(body, "day"),
    month: field(body, "month"),
    year: field(body, "year"),
    time: field(body, "time"),
  };
  if (values.when !== "later") {
    if (values.when !== "now")
      return { values, error: { href: "#when", text: "Choose now or later" } };
    return { values };
  }
  const date = dateFrom(values.day, values.month, values.year);
  if (!date) return { values, error: { href: "#date", text: "Enter a real date, like 31 3 2027" } };
  const time = timeFrom(values.time);
  if (!time) return { values, error: { href: "#time", text: "Enter a time like 09:30 or 14:00" } };
  const at = ukLocalToUtc(date, time);
  if (at.getTime() <= now.getTime()) {
    return { values, error: { href: "#date", text: "The date and time must be in the future" } };
  }
  return { values, at: at.toISOString() };
}
