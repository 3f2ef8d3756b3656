// The publishing workflow: draft → in review → published → archived. Editors write and ask
// for review; publishers (staff allowed "content:publish") publish, schedule, send back and
// take pages down. Every save is a new revision and no revision is ever changed, so the
// revision the public see is never edited in place: an edit to a published page is a new
// draft, and the published revision stays live until a publisher publishes the new one.
//
// Status belongs to the newest revision: "published" means the newest revision is the live
// one; a published page with a newer draft is "draft" or "in-review" and still live.
// Every change is written to the audit log; publishing decisions also to
// content_publications, with the revision they were about and any stated reason.
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { audit } from "../staff/audit.ts";
import { type ContentTags, SLUG } from "./kinds.ts";
import { countedFindings, needsReason, pageFindings } from "./plain-english.ts";
import type {
  ContentItemTable,
  ContentRevisionTable,
  ContentStatus,
  ContentType,
  PublicationAction,
} from "./tables.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** What an editor saves: the revision's fields, plus the item's slug, owner and review date. */
export type PageFields = {
  slug: string;
  title: string;
  summary: string;
  body: string;
  tags: ContentTags;
  areaCode: string | null;
  formId: string | null;
  ownerId: string | null;
  reviewBy: string | null;
  note: string | null;
};

export class WorkflowError extends Error {
  readonly code: "conflict" | "state" | "reason-needed" | "slug-taken";
  constructor(code: WorkflowError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

export async function findItem(db: Db, id: string): Promise<ContentItemTable | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom("content_items").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findRevision(
  db: Db,
  itemId: string,
  number: number,
): Promise<ContentRevisionTable | undefined> {
  if (!Number.isSafeInteger(number)) return undefined;
  return db
    .selectFrom("content_revisions")
    .selectAll()
    .where("item_id", "=", itemId)
    .where("number", "=", number)
    .executeTakeFirst();
}

export async function findRevisionById(
  db: Db,
  id: string | null,
): Promise<ContentRevisionTable | undefined> {
  if (!id) return undefined;
  return db.selectFrom("content_revisions").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listRevisions(db: Db, itemId: string) {
  return db
    .selectFrom("content_revisions as r")
    .leftJoin("staff as s", "s.id", "r.author_id")
    .where("r.item_id", "=", itemId)
    .select(["r.id", "r.number", "r.title", "r.note", "r.created_at", "s.name as author_name"])
    .orderBy("r.number", "desc")
    .execute();
}

export async function listPublications(db: Db, itemId: string) {
  return db
    .selectFrom("content_publications as p")
    .leftJoin("staff as s", "s.id", "p.staff_id")
    .leftJoin("content_revisions as r", "r.id", "p.revision_id")
    .where("p.item_id", "=", itemId)
    .select([
      "p.id",
      "p.action",
      "p.reason",
      "p.findings",
      "p.at",
      "s.name as staff_name",
      "r.number as revision_number",
    ])
    .orderBy("p.at", "desc")
    .orderBy("p.id")
    .execute();
}

/** Is this slug free for this item: not another page's address, nor another page's old one? */
export async function slugIsFree(db: Db, slug: string, itemId?: string): Promise<boolean> {
  const taken = await db
    .selectFrom("content_items")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (taken && taken.id !== itemId) return false;
  const redirect = await db
    .selectFrom("content_redirects")
    .select("item_id")
    .where("from_slug", "=", slug)
    .executeTakeFirst();
  return !redirect || redirect.item_id === itemId;
}

async function record(
  db: Db,
  item: ContentItemTable,
  action: PublicationAction,
  entry: {
    staffId: string | null;
    revisionId: string | null;
    reason?: string | null;
    findings?: number;
  },
  at: string,
) {
  await db
    .insertInto("content_publications")
    .values({
      id: randomUUID(),
      item_id: item.id,
      revision_id: entry.revisionId,
      action,
      staff_id: entry.staffId,
      reason: entry.reason ?? null,
      findings: entry.findings ?? null,
      at,
    })
    .execute();
}

async function auditContent(
  db: Db,
  staffId: string | null,
  action: string,
  item: Pick<ContentItemTable, "id" | "slug" | "type">,
  detail: Record<string, unknown>,
  now: Date,
  reason?: string | null,
) {
  await audit(
    db,
    {
      staffId,
      action: `content:${action}`,
      reason: reason ?? undefined,
      detail: { itemId: item.id, type: item.type, slug: item.slug, ...detail },
    },
    now,
  );
}

function revisionValues(
  itemId: string,
  number: number,
  fields: Omit<PageFields, "slug" | "ownerId" | "reviewBy">,
  authorId: string | null,
  at: string,
): ContentRevisionTable {
  return {
    id: randomUUID(),
    item_id: itemId,
    number,
    title: fields.title,
    summary: fields.summary,
    body: fields.body,
    tags: JSON.stringify({ categories: fields.tags.categories, audiences: fields.tags.audiences }),
    area_code: fields.areaCode,
    form_id: fields.formId,
    author_id: authorId,
    note: fields.note,
    created_at: at,
  };
}

/** A new page: its first revision, as a draft. */
export async function createPage(
  db: Kysely<Database>,
  type: ContentType,
  fields: PageFields,
  staffId: string,
  now: Date,
): Promise<ContentItemTable> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (!SLUG.test(fields.slug) || !(await slugIsFree(trx, fields.slug))) {
      throw new WorkflowError("slug-taken", "That web address is already used by another page");
    }
    const id = randomUUID();
    const revision = revisionValues(id, 1, fields, staffId, at);
    const item: ContentItemTable = {
      id,
      type,
      slug: fields.slug,
      status: "draft",
      current_revision_id: revision.id,
      published_revision_id: null,
      owner_id: fields.ownerId ?? staffId,
      review_by: fields.reviewBy,
      publish_at: null,
      unpublish_at: null,
      published_at: null,
      scheduled_revision_id: null,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto("content_items").values(item).execute();
    await trx.insertInto("content_revisions").values(revision).execute();
    await auditContent(trx, staffId, "create", item, { revision: 1 }, now);
    return item;
  });
}

async function nextNumber(db: Db, itemId: string): Promise<number> {
  const row = await db
    .selectFrom("content_revisions")
    .select((eb) => eb.fn.max("number").as("max"))
    .where("item_id", "=", itemId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/**
 * Saves an edit as a new revision (never changing an old one) and makes it the page's draft.
 * `baseRevisionId` is the revision the editor started from: if someone saved in between,
 * nothing is saved and a conflict is reported, so one person's work does not silently
 * replace another's. A new slug leaves the old one behind as a redirect.
 */
export async function savePage(
  db: Kysely<Database>,
  itemId: string,
  fields: PageFields,
  options: { staffId: string; baseRevisionId: string | null; now: Date; restoredFrom?: number },
): Promise<ContentRevisionTable> {
  const at = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const item = await findItem(trx, itemId);
    if (!item) throw new WorkflowError("state", "The page no longer exists");
    if (options.baseRevisionId !== null && item.current_revision_id !== options.baseRevisionId) {
      throw new WorkflowError(
        "conflict",
        "Someone else saved this page after you opened it. Copy your changes, reload the page and make them again",
      );
    }
    const slugChanged = fields.slug !== item.slug;
    if (slugChanged) {
      if (!SLUG.test(fields.slug) || !(await slugIsFree(trx, fields.slug, item.id))) {
        throw new WorkflowError("slug-taken", "That web address is already used by another page");
      }
      // A page the public could have found keeps its old address working.
      if (item.published_at !== null) {
        await trx
          .insertInto("content_redirects")
          .values({ from_slug: item.slug, item_id: item.id, created_at: at })
          .onConflict((oc) => oc.column("from_slug").doNothing())
          .execute();
      }
      await trx.deleteFrom("content_redirects").where("from_slug", "=", fields.slug).execute();
    }
    const number = await nextNumber(trx, item.id);
    const revision = revisionValues(item.id, number, fields, options.staffId, at);
    await trx.insertInto("content_revisions").values(revision).execute();
    const status: ContentStatus = "draft";
    await trx
      .updateTable("content_items")
      .set({
        slug: fields.slug,
        current_revision_id: revision.id,
        status,
        owner_id: fields.ownerId ?? item.owner_id,
        review_by: fields.reviewBy,
        updated_at: at,
      })
      .where("id", "=", item.id)
      .execute();
    await auditContent(
      trx,
      options.staffId,
      options.restoredFrom ? "restore" : "save",
      { ...item, slug: fields.slug },
      {
        revision: number,
        ...(options.restoredFrom ? { restoredFrom: options.restoredFrom } : {}),
        ...(slugChanged ? { previousSlug: item.slug } : {}),
      },
      options.now,
    );
    return revision;
  });
}

/** An old revision's words as a new revision: nothing in the history is lost or changed. */
export async function restoreRevision(
  db: Kysely<Database>,
  item: ContentItemTable,
  number: number,
  staffId: string,
  now: Date,
): Promise<ContentRevisionTable> {
  const old = await findRevision(db, item.id, number);
  if (!old) throw new WorkflowError("state", "There is no such revision");
  return savePage(
    db,
    item.id,
    {
      slug: item.slug,
      title: old.title,
      summary: old.summary,
      body: old.body,
      tags: JSON.parse(old.tags) as ContentTags,
      areaCode: old.area_code,
      formId: old.form_id,
      ownerId: item.owner_id,
      reviewBy: item.review_by,
      note: `Restored from revision ${number}`,
    },
    { staffId, baseRevisionId: null, now, restoredFrom: number },
  );
}

/** Moves the status, only from the states given; the row is re-read so racing changes lose. */
async function moveStatus(
  trx: Db,
  item: ContentItemTable,
  from: ContentStatus[],
  to: ContentStatus,
  at: string,
) {
  if (!from.includes(item.status)) {
    throw new WorkflowError("state", `A page that is ${item.status} cannot be moved to ${to}`);
  }
  const result = await trx
    .updateTable("content_items")
    .set({ status: to, updated_at: at })
    .where("id", "=", item.id)
    .where("status", "=", item.status)
    .where("current_revision_id", "=", item.current_revision_id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new WorkflowError("conflict", "The page changed while you were looking at it");
  }
}

async function lockedItem(trx: Db, id: string): Promise<ContentItemTable> {
  const item = await findItem(trx, id);
  if (!item) throw new WorkflowError("state", "The page no longer exists");
  return item;
}

/** An editor asks for the newest revision to be published. */
export async function submitForReview(
  db: Kysely<Database>,
  itemId: string,
  staffId: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    await moveStatus(trx, item, ["draft"], "in-review", at);
    await record(trx, item, "submitted", { staffId, revisionId: item.current_revision_id }, at);
    await auditContent(trx, staffId, "submit", item, {}, now);
  });
}

/** A publisher sends a page back to its editor, saying what to change. */
export async function returnToDraft(
  db: Kysely<Database>,
  itemId: string,
  staffId: string,
  reason: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    await moveStatus(trx, item, ["in-review"], "draft", at);
    await record(
      trx,
      item,
      "returned",
      { staffId, revisionId: item.current_revision_id, reason },
      at,
    );
    await auditContent(trx, staffId, "return", item, {}, now, reason);
  });
}

/** What a publisher is asked before publishing a revision: its findings, and whether a reason is due. */
export function publishingCheck(revision: ContentRevisionTable) {
  const findings = pageFindings(revision);
  return { findings, counted: countedFindings(findings), reasonNeeded: needsReason(findings) };
}

/**
 * Publishes the newest revision now, or schedules it for `at`. Above the plain-language
 * threshold a reason is required; it is kept with the decision and in the audit log.
 */
export async function publish(
  db: Kysely<Database>,
  itemId: string,
  options: {
    staffId: string;
    /** The revision the publisher read; anything newer must be read first. */
    revisionId: string;
    reason: string | null;
    now: Date;
    /** ISO timestamp: publish then instead of now. */
    at?: string;
  },
): Promise<void> {
  const nowIso = options.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    if (item.current_revision_id !== options.revisionId) {
      throw new WorkflowError(
        "conflict",
        "The page has a newer revision: read it before publishing",
      );
    }
    if (item.status === "published") {
      throw new WorkflowError("state", "This revision is already published");
    }
    const revision = await findRevisionById(trx, item.current_revision_id);
    if (!revision) throw new WorkflowError("state", "The page has no revision to publish");
    const check = publishingCheck(revision);
    const reason = options.reason?.trim() || null;
    if (check.reasonNeeded && !reason) {
      throw new WorkflowError(
        "reason-needed",
        "Say why this page should be published with these plain English findings",
      );
    }
    const scheduled = options.at !== undefined && options.at > nowIso;
    if (scheduled) {
      await trx
        .updateTable("content_items")
        .set({ scheduled_revision_id: revision.id, publish_at: options.at!, updated_at: nowIso })
        .where("id", "=", item.id)
        .execute();
    } else {
      await trx
        .updateTable("content_items")
        .set({
          status: "published",
          published_revision_id: revision.id,
          published_at: nowIso,
          scheduled_revision_id: null,
          publish_at: null,
          updated_at: nowIso,
        })
        .where("id", "=", item.id)
        .execute();
    }
    await record(
      trx,
      item,
      scheduled ? "scheduled" : "published",
      { staffId: options.staffId, revisionId: revision.id, reason, findings: check.counted },
      nowIso,
    );
    await auditContent(
      trx,
      options.staffId,
      scheduled ? "schedule-publish" : "publish",
      item,
      {
        revision: revision.number,
        findings: check.counted,
        ...(scheduled ? { at: options.at } : {}),
      },
      options.now,
      reason,
    );
  });
}

/**
 * Takes a page down now (archived: the public get "page not found"), or schedules that for
 * `at`. Its revisions stay, so it can be published again.
 */
export async function unpublish(
  db: Kysely<Database>,
  itemId: string,
  options: { staffId: string; now: Date; at?: string; reason?: string | null },
): Promise<void> {
  const nowIso = options.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    if (item.status === "archived")
      throw new WorkflowError("state", "The page is already archived");
    const scheduled = options.at !== undefined && options.at > nowIso;
    if (scheduled) {
      if (!item.published_revision_id && !item.scheduled_revision_id) {
        throw new WorkflowError(
          "state",
          "Only a published or scheduled page can be taken down later",
        );
      }
      await trx
        .updateTable("content_items")
        .set({ unpublish_at: options.at!, updated_at: nowIso })
        .where("id", "=", item.id)
        .execute();
    } else {
      await trx
        .updateTable("content_items")
        .set({
          status: "archived",
          published_revision_id: null,
          scheduled_revision_id: null,
          publish_at: null,
          unpublish_at: null,
          updated_at: nowIso,
        })
        .where("id", "=", item.id)
        .execute();
    }
    const reason = options.reason?.trim() || null;
    await record(
      trx,
      item,
      scheduled ? "scheduled" : "archived",
      { staffId: options.staffId, revisionId: item.published_revision_id, reason },
      nowIso,
    );
    await auditContent(
      trx,
      options.staffId,
      scheduled ? "schedule-unpublish" : "archive",
      item,
      scheduled ? { at: options.at } : {},
      options.now,
      reason,
    );
  });
}

/** Cancels a scheduled publication and a scheduled take-down. */
export async function cancelSchedule(
  db: Kysely<Database>,
  itemId: string,
  staffId: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    if (!item.publish_at && !item.unpublish_at) {
      throw new WorkflowError("state", "Nothing is scheduled for this page");
    }
    await trx
      .updateTable("content_items")
      .set({ scheduled_revision_id: null, publish_at: null, unpublish_at: null, updated_at: at })
      .where("id", "=", item.id)
      .execute();
    await record(trx, item, "unscheduled", { staffId, revisionId: item.scheduled_revision_id }, at);
    await auditContent(trx, staffId, "unschedule", item, {}, now);
  });
}

/**
 * Carries out every scheduled publication and take-down that is due. Safe to run from many
 * processes at once: each change is conditional on the schedule it found, so only one wins.
 */
export async function runDueSchedules(
  db: Kysely<Database>,
  now: Date,
): Promise<{ published: number; unpublished: number }> {
  const at = now.toISOString();
  let published = 0;
  let unpublished = 0;
  const duePublish = await db
    .selectFrom("content_items")
    .selectAll()
    .where("publish_at", "<=", at)
    .where("scheduled_revision_id", "is not", null)
    .execute();
  for (const item of duePublish) {
    const done = await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("content_items")
        .set({
          published_revision_id: item.scheduled_revision_id,
          published_at: item.publish_at,
          // The newest revision is the live one only if nobody has saved since it was approved.
          status:
            item.current_revision_id === item.scheduled_revision_id ? "published" : item.status,
          scheduled_revision_id: null,
          publish_at: null,
          updated_at: at,
        })
        .where("id", "=", item.id)
        .where("scheduled_revision_id", "=", item.scheduled_revision_id)
        .where("publish_at", "=", item.publish_at)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await record(
        trx,
        item,
        "published",
        { staffId: null, revisionId: item.scheduled_revision_id },
        at,
      );
      await auditContent(
        trx,
        null,
        "publish",
        item,
        { scheduled: true, due: item.publish_at },
        now,
      );
      return true;
    });
    if (done) published++;
  }
  const dueUnpublish = await db
    .selectFrom("content_items")
    .selectAll()
    .where("unpublish_at", "<=", at)
    .execute();
  for (const item of dueUnpublish) {
    const done = await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("content_items")
        .set({
          status: "archived",
          published_revision_id: null,
          scheduled_revision_id: null,
          publish_at: null,
          unpublish_at: null,
          updated_at: at,
        })
        .where("id", "=", item.id)
        .where("unpublish_at", "=", item.unpublish_at)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await record(
        trx,
        item,
        "unpublished",
        { staffId: null, revisionId: item.published_revision_id },
        at,
      );
      await auditContent(
        trx,
        null,
        "unpublish",
        item,
        { scheduled: true, due: item.unpublish_at },
        now,
      );
      return true;
    });
    if (done) unpublished++;
  }
  return { published, unpublished };
}

/** When the next scheduled change is due (ISO), if any. */
export async function nextScheduledChange(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom("content_items")
    .select((eb) => [
      eb.fn.min("publish_at").as("publish"),
      eb.fn.min("unpublish_at").as("unpublish"),
    ])
    .executeTakeFirst();
  const times = [row?.publish, row?.unpublish].filter((t): t is string => typeof t === "string");
  return times.sort()[0];
}
