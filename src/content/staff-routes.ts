// /staff/content: the editors' publishing tool. Editors ("content:edit") write pages, see the
// plain English findings beside the text, and ask for review; publishers ("content:publish")
// publish now or later, send pages back, and take them down. Every page here is for signed-in
// staff only (the guard), is never cached (the default no-store), and every POST carries the
// CSRF token (the platform checks it before any handler runs).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  type Body,
  byField,
  type ErrorItem,
  field,
  formatDateTime,
  redirectWith,
  takeFlash,
} from "../admin/forms.ts";
import type { Database } from "../db/schema.ts";
import { todayInUk } from "../forms/engine/index.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import { crimeCategories } from "../neighbourhoods/categories.ts";
import { renderNotFound } from "../platform/errors.ts";
import { requireAction } from "../staff/guard.ts";
import { can } from "../staff/policy.ts";
import {
  checkEditor,
  checkWhen,
  type EditorValues,
  editorValues,
  utcToUkParts,
} from "./editor-form.ts";
import {
  AUDIENCES,
  CONTENT_TYPES,
  contentUrl,
  isContentType,
  parseTags,
  typeLabel,
} from "./kinds.ts";
import { bodyReadingAge, type PageFinding, PUBLISH_FINDINGS_THRESHOLD } from "./plain-english.ts";
import { pageView } from "./public-routes.ts";
import { pageOf } from "./repository.ts";
import type { ContentScheduler } from "./scheduler.ts";
import type {
  ContentItemTable,
  ContentRevisionTable,
  ContentStatus,
  ContentType,
} from "./tables.ts";
import {
  cancelSchedule,
  createPage,
  findItem,
  findRevision,
  findRevisionById,
  listPublications,
  listRevisions,
  publish,
  publishingCheck,
  restoreRevision,
  returnToDraft,
  savePage,
  submitForReview,
  unpublish,
  WorkflowError,
} from "./workflow.ts";

// The diff library is loaded when someone first compares two revisions, not at start: the
// public site never needs it.
let diffModule: Promise<typeof import("./diff.ts")> | undefined;
const loadDiff = () => (diffModule ??= import("./diff.ts"));

const BASE = "/staff/content";

/** The "when" fields, filled in with what is already scheduled, if anything. */
function scheduledValues(at: string | null): Record<string, string> {
  if (!at) return { when: "now" };
  return { when: "later", ...utcToUkParts(at) };
}

const STATUS_NAMES: Record<ContentStatus, string> = {
  draft: "Draft",
  "in-review": "In review",
  published: "Published",
  archived: "Archived",
};
const STATUS_COLOURS: Record<ContentStatus, string> = {
  draft: "govuk-tag--grey",
  "in-review": "govuk-tag--yellow",
  published: "govuk-tag--green",
  archived: "govuk-tag--red",
};

const FINDING_NAMES: Record<string, string> = {
  "long-sentence": "Long sentence",
  jargon: "Jargon",
  "passive-voice": "Passive voice",
  "reading-age": "Reading age",
};

/** Today in the UK, YYYY-MM-DD: a review date before it is overdue. */
function ukToday(now: Date): string {
  return todayInUk(now);
}

function statusTags(item: ContentItemTable, today: string) {
  const tags = [{ text: STATUS_NAMES[item.status], classes: STATUS_COLOURS[item.status] }];
  if (item.published_revision_id && item.status !== "published" && item.status !== "archived") {
    tags.push({ text: "Live", classes: "govuk-tag--green" });
  }
  if (item.publish_at) tags.push({ text: "Publishing scheduled", classes: "govuk-tag--blue" });
  if (item.unpublish_at) tags.push({ text: "Take-down scheduled", classes: "govuk-tag--orange" });
  if (item.review_by && item.review_by < today && item.status !== "archived") {
    tags.push({ text: "Review overdue", classes: "govuk-tag--red" });
  }
  return tags;
}

function findingsView(findings: PageFinding[]) {
  return findings.map((f) => ({
    ...f,
    name: FINDING_NAMES[f.kind] ?? f.kind,
    where: f.field === "body" ? `Text, line ${f.line}` : f.field === "title" ? "Title" : "Summary",
  }));
}

/** Every input field's values from a saved revision, for the edit form. */
function valuesFrom(item: ContentItemTable, revision: ContentRevisionTable): EditorValues {
  const tags = parseTags(revision.tags);
  const [year, month, day] = item.review_by?.split("-") ?? ["", "", ""];
  return {
    title: revision.title,
    summary: revision.summary,
    slug: item.slug,
    body: revision.body,
    categories: tags.categories,
    audiences: tags.audiences,
    areaCode: revision.area_code ?? "",
    formId: revision.form_id ?? "",
    ownerId: item.owner_id ?? "",
    reviewDay: day ? String(Number(day)) : "",
    reviewMonth: month ? String(Number(month)) : "",
    reviewYear: year ?? "",
    note: "",
  };
}

export async function contentStaffRoutes(
  app: FastifyInstance,
  options: {
    db: Kysely<Database>;
    forms: FormCatalogue;
    now: () => Date;
    scheduler: ContentScheduler;
  },
) {
  const { db, forms, now, scheduler } = options;
  const edit = { preHandler: requireAction("content:edit") };
  const publishing = { preHandler: requireAction("content:publish") };
  const formIds = () => new Set(forms.keys());
  const services = () =>
    [...forms.values()]
      .map((f) => ({ value: f.id, text: f.title }))
      .sort((a, b) => a.text.localeCompare(b.text));

  async function owners() {
    const rows = await db
      .selectFrom("staff")
      .select(["id", "name"])
      .where("active", "=", 1)
      .where("role", "in", ["editor", "admin"])
      .orderBy("name")
      .execute();
    return rows;
  }

  async function loadItem(request: FastifyRequest<{ Params: { id: string } }>) {
    return findItem(db, request.params.id);
  }

  const crumbs = (item?: ContentItemTable, title?: string) => [
    { text: "Back office", href: "/staff" },
    { text: "Content", href: BASE },
    ...(item && title ? [{ text: title, href: `${BASE}/${item.id}` }] : []),
  ];

  // ---- The list ------------------------------------------------------------------------

  app.get<{ Querystring: Record<string, string | undefined> }>(
    BASE,
    edit,
    async (request, reply) => {
      const type = isContentType(request.query.type) ? request.query.type : "";
      const status = (Object.keys(STATUS_NAMES) as ContentStatus[]).includes(
        request.query.status as ContentStatus,
      )
        ? (request.query.status as ContentStatus)
        : "";
      const overdue = request.query.overdue === "1";
      const today = ukToday(now());
      let query = db
        .selectFrom("content_items as i")
        .innerJoin("content_revisions as r", "r.id", "i.current_revision_id")
        .leftJoin("staff as s", "s.id", "i.owner_id")
        .selectAll("i")
        .select(["r.title", "r.number", "r.form_id", "s.name as owner_name"]);
      if (type) query = query.where("i.type", "=", type);
      if (status) query = query.where("i.status", "=", status);
      if (overdue)
        query = query.where("i.review_by", "<", today).where("i.status", "!=", "archived");
      const rows = await query.orderBy("i.type").orderBy("r.title").execute();
      return reply.render("staff/content/list.njk", {
        title: "Content",
        flash: await takeFlash(request),
        filters: { type, status, overdue },
        typeItems: [
          { value: "", text: "Any kind" },
          ...CONTENT_TYPES.map((t) => ({ value: t.type, text: t.plural })),
        ],
        statusItems: [
          { value: "", text: "Any status" },
          ...Object.entries(STATUS_NAMES).map(([value, text]) => ({ value, text })),
        ],
        filtered: Boolean(type || status || overdue),
        items: rows.map((row) => ({
          ...row,
          typeLabel: typeLabel(row.type),
          url: contentUrl(row),
          tags: statusTags(row, today),
          reviewByText: row.review_by
            ? formatDateTime(`${row.review_by}T12:00:00Z`).split(",")[0]
            : "",
        })),
        breadcrumbs: [{ text: "Back office", href: "/staff" }],
      });
    },
  );

  // ---- Creating a page -----------------------------------------------------------------

  const editorContext = async (type: ContentType, values: Partial<EditorValues>) => ({
    type,
    typeLabel: typeLabel(type),
    categoryItems: crimeCategories.map((c) => ({
      value: c.slug,
      text: c.name,
      checked: values.categories?.includes(c.slug) ?? false,
    })),
    audienceItems: AUDIENCES.map((a) => ({
      value: a.value,
      text: a.text,
      checked: values.audiences?.includes(a.value) ?? false,
    })),
    serviceItems: [{ value: "", text: "Choose a service" }, ...services()],
    ownerItems: [
      { value: "", text: "No owner" },
      ...(await owners()).map((o) => ({ value: o.id, text: o.name })),
    ],
  });

  const renderNew = async (
    reply: FastifyReply,
    type: ContentType,
    values: Partial<EditorValues>,
    errorList: ErrorItem[] = [],
  ) =>
    reply.render("staff/content/new.njk", {
      title: `New ${typeLabel(type).toLowerCase()} page`,
      ...(await editorContext(type, values)),
      values,
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: crumbs(),
    });

  app.get<{ Querystring: { type?: string } }>(`${BASE}/new`, edit, async (request, reply) => {
    const type = request.query.type;
    if (isContentType(type)) return renderNew(reply, type, { ownerId: request.staff!.id });
    const errorList =
      type !== undefined ? [{ text: "Choose the kind of page", href: "#type" }] : [];
    return reply.code(errorList.length ? 422 : 200).render("staff/content/choose-type.njk", {
      title: "What kind of page is it?",
      types: CONTENT_TYPES.map((t) => ({ value: t.type, text: t.label })),
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: crumbs(),
    });
  });

  app.post<{ Body: Body }>(`${BASE}/new`, edit, async (request, reply) => {
    const type = field(request.body, "type");
    if (!isContentType(type)) return reply.redirect(`${BASE}/new`, 303);
    const values = editorValues(request.body);
    const ownerIds = new Set((await owners()).map((o) => o.id));
    const { errors, fields } = checkEditor(type, values, { formIds: formIds(), ownerIds });
    if (!fields) return renderNew(reply.code(422), type, values, errors);
    try {
      const item = await createPage(db, type, fields, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${item.id}`, {
        text: "The page is saved as a draft.",
      });
    } catch (error) {
      if (error instanceof WorkflowError && error.code === "slug-taken") {
        return renderNew(reply.code(422), type, values, [{ text: error.message, href: "#slug" }]);
      }
      throw error;
    }
  });

  // ---- Editing -------------------------------------------------------------------------

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    item: ContentItemTable,
    values?: EditorValues,
    errorList: ErrorItem[] = [],
    returnErrors: ErrorItem[] = [],
  ) {
    const current = await findRevisionById(db, item.current_revision_id);
    if (!current) return renderNotFound(reply);
    const published = await findRevisionById(db, item.published_revision_id);
    const check = publishingCheck(current);
    const staff = request.staff!;
    const today = ukToday(now());
    const allErrors = [...errorList, ...returnErrors];
    const shown = values ?? valuesFrom(item, current);
    return reply.render("staff/content/edit.njk", {
      title: `Edit: ${current.title}`,
      item,
      current,
      published,
      url: contentUrl({ type: item.type, slug: item.slug, form_id: current.form_id }),
      tags: statusTags(item, today),
      statusName: STATUS_NAMES[item.status],
      publishAt: item.publish_at ? formatDateTime(item.publish_at) : "",
      unpublishAt: item.unpublish_at ? formatDateTime(item.unpublish_at) : "",
      updatedAt: formatDateTime(current.created_at),
      findings: findingsView(check.findings),
      counted: check.counted,
      reasonNeeded: check.reasonNeeded,
      threshold: PUBLISH_FINDINGS_THRESHOLD,
      readingAge: bodyReadingAge(current.body),
      canPublish: can(staff, "content:publish"),
      ...(await editorContext(item.type, shown)),
      values: shown,
      errorList: allErrors,
      fieldErrors: byField(allErrors),
      flash: await takeFlash(request),
      breadcrumbs: crumbs(),
    });
  }

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, edit, async (request, reply) => {
    const item = await loadItem(request);
    if (!item) return renderNotFound(reply);
    return renderEdit(request, reply, item);
  });

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/:id`, edit, async (request, reply) => {
    const item = await loadItem(request);
    if (!item) return renderNotFound(reply);
    const values = editorValues(request.body);
    const ownerIds = new Set((await owners()).map((o) => o.id));
    if (item.owner_id) ownerIds.add(item.owner_id);
    const { errors, fields } = checkEditor(item.type, values, { formIds: formIds(), ownerIds });
    if (!fields) return renderEdit(request, reply.code(422), item, values, errors);
    try {
      const revision = await savePage(db, item.id, fields, {
        staffId: request.staff!.id,
        baseRevisionId: field(request.body, "base") || null,
        now: now(),
      });
      const live = item.published_revision_id
        ? " The published version stays live until this one is published."
        : "";
      return redirectWith(request, reply, `${BASE}/${item.id}`, {
        text: `Saved as revision ${revision.number}, a draft.${live}`,
      });
    } catch (error) {
      if (error instanceof WorkflowError) {
        const href = error.code === "slug-taken" ? "#slug" : "#title";
        return renderEdit(
          request,
          reply.code(error.code === "conflict" ? 409 : 422),
          item,
          values,
          [{ text: error.message, href }],
        );
      }
      throw error;
    }
  });

  /** A workflow step's outcome: back to the page with a message, or the error on the page. */
  async function step(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    item: ContentItemTable,
    action: () => Promise<void>,
    done: string,
  ) {
    try {
      await action();
      return redirectWith(request, reply, `${BASE}/${item.id}`, { text: done });
    } catch (error) {
      if (error instanceof WorkflowError) {
        const fresh = (await findItem(db, item.id)) ?? item;
        return renderEdit(request, reply.code(409), fresh, undefined, [
          { text: error.message, href: "#actions" },
        ]);
      }
      throw error;
    }
  }

  app.post<{ Params: { id: string } }>(`${BASE}/:id/submit`, edit, async (request, reply) => {
    const item = await loadItem(request);
    if (!item) return renderNotFound(reply);
    return step(
      request,
      reply,
      item,
      () => submitForReview(db, item.id, request.staff!.id, now()),
      "The page is ready for a publisher to review.",
    );
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id/return`,
    publishing,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const reason = field(request.body, "returnReason");
      if (!reason || reason.length > 1000) {
        return renderEdit(
          request,
          reply.code(422),
          item,
          undefined,
          [],
          [
            {
              text: reason
                ? "The note must be 1,000 characters or fewer"
                : "Say what needs to change",
              href: "#returnReason",
            },
          ],
        );
      }
      return step(
        request,
        reply,
        item,
        () => returnToDraft(db, item.id, request.staff!.id, reason, now()),
        "The page is back with its editor as a draft.",
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    `${BASE}/:id/unschedule`,
    publishing,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      return step(
        request,
        reply,
        item,
        async () => {
          await cancelSchedule(db, item.id, request.staff!.id, now());
          scheduler.changed();
        },
        "Nothing is scheduled for the page now.",
      );
    },
  );

  // ---- Publishing ----------------------------------------------------------------------

  async function renderPublish(
    reply: FastifyReply,
    item: ContentItemTable,
    values: Record<string, string>,
    errorList: ErrorItem[] = [],
  ) {
    const current = await findRevisionById(db, item.current_revision_id);
    if (!current) return renderNotFound(reply);
    const check = publishingCheck(current);
    return reply.render("staff/content/publish.njk", {
      title: `Publish: ${current.title}`,
      item,
      current,
      findings: findingsView(check.findings),
      counted: check.counted,
      reasonNeeded: check.reasonNeeded,
      threshold: PUBLISH_FINDINGS_THRESHOLD,
      values,
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: crumbs(item, current.title),
    });
  }

  app.get<{ Params: { id: string } }>(`${BASE}/:id/publish`, publishing, async (request, reply) => {
    const item = await loadItem(request);
    if (!item) return renderNotFound(reply);
    return renderPublish(reply, item, scheduledValues(item.publish_at));
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id/publish`,
    publishing,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const reason = field(request.body, "reason");
      const when = checkWhen(request.body, now());
      const values = { ...when.values, reason };
      const errors: ErrorItem[] = when.error ? [when.error] : [];
      if (reason.length > 2000) {
        errors.push({ text: "The reason must be 2,000 characters or fewer", href: "#reason" });
      }
      if (errors.length) return renderPublish(reply.code(422), item, values, errors);
      try {
        await publish(db, item.id, {
          staffId: request.staff!.id,
          revisionId: field(request.body, "revision"),
          reason: reason || null,
          now: now(),
          at: when.at,
        });
        scheduler.changed();
      } catch (error) {
        if (error instanceof WorkflowError) {
          const href = error.code === "reason-needed" ? "#reason" : "#when";
          const code = error.code === "reason-needed" ? 422 : 409;
          const fresh = (await findItem(db, item.id)) ?? item;
          return renderPublish(reply.code(code), fresh, values, [{ text: error.message, href }]);
        }
        throw error;
      }
      return redirectWith(request, reply, `${BASE}/${item.id}`, {
        text: when.at
          ? `The page will be published on ${formatDateTime(when.at)}.`
          : "The page is published.",
      });
    },
  );

  async function renderTakeDown(
    reply: FastifyReply,
    item: ContentItemTable,
    values: Record<string, string>,
    errorList: ErrorItem[] = [],
  ) {
    const current = await findRevisionById(db, item.current_revision_id);
    if (!current) return renderNotFound(reply);
    return reply.render("staff/content/take-down.njk", {
      title: `Take down: ${current.title}`,
      item,
      current,
      values,
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: crumbs(item, current.title),
    });
  }

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id/take-down`,
    publishing,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      return renderTakeDown(reply, item, scheduledValues(item.unpublish_at));
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id/take-down`,
    publishing,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const reason = field(request.body, "reason");
      const when = checkWhen(request.body, now());
      const values = { ...when.values, reason };
      const errors: ErrorItem[] = when.error ? [when.error] : [];
      if (reason.length > 2000) {
        errors.push({ text: "The reason must be 2,000 characters or fewer", href: "#reason" });
      }
      if (errors.length) return renderTakeDown(reply.code(422), item, values, errors);
      try {
        await unpublish(db, item.id, {
          staffId: request.staff!.id,
          now: now(),
          at: when.at,
          reason: reason || null,
        });
        scheduler.changed();
      } catch (error) {
        if (error instanceof WorkflowError) {
          return renderTakeDown(reply.code(409), item, values, [
            { text: error.message, href: "#when" },
          ]);
        }
        throw error;
      }
      return redirectWith(request, reply, `${BASE}/${item.id}`, {
        text: when.at
          ? `The page will be taken down on ${formatDateTime(when.at)}.`
          : "The page is archived: the public can no longer see it.",
      });
    },
  );

  // ---- History, differences, restore, preview --------------------------------------------

  app.get<{ Params: { id: string } }>(`${BASE}/:id/history`, edit, async (request, reply) => {
    const item = await loadItem(request);
    if (!item) return renderNotFound(reply);
    const [revisions, publications, current] = await Promise.all([
      listRevisions(db, item.id),
      listPublications(db, item.id),
      findRevisionById(db, item.current_revision_id),
    ]);
    if (!current) return renderNotFound(reply);
    const publishedNumber = revisions.find((r) => r.id === item.published_revision_id)?.number;
    return reply.render("staff/content/history.njk", {
      title: `History: ${current.title}`,
      item,
      current,
      publishedNumber,
      revisions: revisions.map((r) => ({ ...r, at: formatDateTime(r.created_at) })),
      publications: publications.map((p) => ({ ...p, atText: formatDateTime(p.at) })),
      revisionItems: revisions.map((r) => ({
        value: String(r.number),
        text: `Revision ${r.number}`,
      })),
      from: String(revisions[1]?.number ?? revisions[0]?.number ?? 1),
      to: String(revisions[0]?.number ?? 1),
      flash: await takeFlash(request),
      breadcrumbs: crumbs(item, current.title),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    `${BASE}/:id/compare`,
    edit,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const [before, after] = await Promise.all([
        findRevision(db, item.id, Number(request.query.from)),
        findRevision(db, item.id, Number(request.query.to)),
      ]);
      const current = await findRevisionById(db, item.current_revision_id);
      if (!before || !after || !current) return renderNotFound(reply);
      const beforeTags = parseTags(before.tags);
      const afterTags = parseTags(after.tags);
      const categoryName = (slug: string) =>
        crimeCategories.find((c) => c.slug === slug)?.name ?? slug;
      const audienceName = (value: string) =>
        AUDIENCES.find((a) => a.value === value)?.text ?? value;
      const { diffHtml, diffStats, listChanges } = await loadDiff();
      const categories = listChanges(beforeTags.categories, afterTags.categories);
      const audiences = listChanges(beforeTags.audiences, afterTags.audiences);
      return reply.render("staff/content/compare.njk", {
        title: `Changes from revision ${before.number} to ${after.number}`,
        item,
        before,
        after,
        same: before.id === after.id,
        titleHtml: diffHtml(before.title, after.title, 0),
        summaryHtml: diffHtml(before.summary, after.summary, 0),
        bodyHtml: diffHtml(before.body, after.body),
        titleChanged: before.title !== after.title,
        summaryChanged: before.summary !== after.summary,
        bodyChanged: before.body !== after.body,
        stats: diffStats(
          `${before.title}\n${before.summary}\n${before.body}`,
          `${after.title}\n${after.summary}\n${after.body}`,
        ),
        tagChanges: {
          categoriesAdded: categories.added.map(categoryName),
          categoriesRemoved: categories.removed.map(categoryName),
          audiencesAdded: audiences.added.map(audienceName),
          audiencesRemoved: audiences.removed.map(audienceName),
        },
        otherChanges: [
          before.area_code !== after.area_code
            ? `Area: ${before.area_code ?? "none"} → ${after.area_code ?? "none"}`
            : "",
          before.form_id !== after.form_id
            ? `Service: ${before.form_id ?? "none"} → ${after.form_id ?? "none"}`
            : "",
        ].filter(Boolean),
        breadcrumbs: [
          ...crumbs(item, current.title),
          { text: "History", href: `${BASE}/${item.id}/history` },
        ],
      });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id/restore`,
    edit,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const number = Number(field(request.body, "revision"));
      if (!(await findRevision(db, item.id, number))) return renderNotFound(reply);
      const restored = await restoreRevision(db, item, number, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${item.id}`, {
        text: `Revision ${number} is restored as revision ${restored.number}, a draft.`,
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { revision?: string } }>(
    `${BASE}/:id/preview`,
    edit,
    async (request, reply) => {
      const item = await loadItem(request);
      if (!item) return renderNotFound(reply);
      const revision =
        request.query.revision !== undefined
          ? await findRevision(db, item.id, Number(request.query.revision))
          : await findRevisionById(db, item.current_revision_id);
      if (!revision) return renderNotFound(reply);
      const page = await pageOf(item, revision);
      const view = await pageView(db, page);
      const form = revision.form_id ? forms.get(revision.form_id) : undefined;
      // Exactly the public template, with the preview banner; never indexed, never cached.
      reply.header("x-robots-tag", "noindex");
      if (item.type === "service-start") {
        return reply.render("content/service-start.njk", {
          ...view,
          preview: true,
          form,
          sensitive: form?.sensitive,
          startUrl: form ? `/services/${form.id}/${form.start}` : undefined,
        });
      }
      return reply.render("content/page.njk", { ...view, preview: true });
    },
  );
}
