// The tables behind content pages (migrations 0004 and 0006).

export type ContentType = "advice" | "service-start" | "information" | "news" | "area-notice";
export type ContentStatus = "draft" | "in-review" | "published" | "archived";

export type ContentItemTable = {
  id: string;
  type: ContentType;
  /** The page's address: /advice/{slug}, /information/{slug}, /news/{slug}… */
  slug: string;
  status: ContentStatus;
  /** The latest saved revision (the draft an editor sees). */
  current_revision_id: string | null;
  /** The revision the public sees, while published. */
  published_revision_id: string | null;
  owner_id: string | null;
  /** YYYY-MM-DD: when someone must check the page is still right. */
  review_by: string | null;
  /** Scheduled publishing and unpublishing, ISO timestamps. */
  publish_at: string | null;
  unpublish_at: string | null;
  published_at: string | null;
  /** The approved revision that goes live at publish_at (migration 0006). */
  scheduled_revision_id: string | null;
  created_at: string;
  updated_at: string;
};

/** Every save is a revision; revisions are never edited, so history can be diffed and restored. */
export type ContentRevisionTable = {
  id: string;
  item_id: string;
  number: number;
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  /** JSON: { categories: string[] (police.uk slugs), audiences: string[] } */
  tags: string;
  area_code: string | null;
  form_id: string | null;
  author_id: string | null;
  /** Why it was published despite plain-language findings, or a change note. */
  note: string | null;
  created_at: string;
};

export type ContentRedirectTable = { from_slug: string; item_id: string; created_at: string };

export type PublicationAction =
  | "published"
  | "scheduled"
  | "unscheduled"
  | "unpublished"
  | "archived"
  | "submitted"
  | "returned";

/** A publishing decision about one revision, with its reason (migration 0006). */
export type ContentPublicationTable = {
  id: string;
  item_id: string;
  revision_id: string | null;
  action: PublicationAction;
  staff_id: string | null;
  reason: string | null;
  findings: number | null;
  at: string;
};

export type ContentTables = {
  content_items: ContentItemTable;
  content_revisions: ContentRevisionTable;
  content_redirects: ContentRedirectTable;
  content_publications: ContentPublicationTable;
};
