// A team's queue (GET /staff/queues/:teamId) and its CSV export. Filters are a plain GET
// form, so the queue works without JavaScript and a filtered queue can be bookmarked.
import type { FastifyInstance } from "fastify";
import { STATUS_LABELS } from "../cases/status.ts";
import type { CaseStatus } from "../cases/tables.ts";
import { findTeam } from "../cases/teams.ts";
import { timeOrderedId } from "../db/time-ordered-id.ts";
import { formatUkDate, formatUkDateTime } from "../platform/uk-time.ts";
import { audit } from "../staff/audit.ts";
import { can } from "../staff/policy.ts";
import { queueAccess } from "./access.ts";
import { renderRefusal, staffOf } from "./http.ts";
import { pagination } from "./pagination.ts";
import {
  countQueue,
  filterQuery,
  PAGE_SIZE,
  PRIORITY_LABELS,
  parseQueueFilter,
  type QueueFilter,
  queuePage,
  queueRows,
  SORT_LABELS,
} from "./queue.ts";
import type { CaseworkOptions } from "./routes.ts";

// csv-stringify is loaded with the first export, not at start: the public site never needs it.
let csvModule: Promise<typeof import("./csv.ts")> | undefined;
const loadCsv = () => (csvModule ??= import("./csv.ts"));

type QueueRequest = { Params: { teamId: string }; Querystring: Record<string, unknown> };

export const STATUS_TAGS: Record<CaseStatus, string> = {
  new: "govuk-tag--blue",
  triaged: "govuk-tag--light-blue",
  "in-progress": "govuk-tag--purple",
  "awaiting-information": "govuk-tag--orange",
  closed: "govuk-tag--grey",
};

export const PRIORITY_TAGS: Record<string, string> = {
  urgent: "govuk-tag--red",
  high: "govuk-tag--orange",
  normal: "govuk-tag--grey",
  low: "govuk-tag--grey",
};

const options = <T extends string>(labels: Record<T, string>, selected: string) =>
  (Object.entries(labels) as Array<[T, string]>).map(([value, text]) => ({
    value,
    text,
    selected: value === selected,
  }));

function filterFields(filter: QueueFilter) {
  return {
    status: [
      { value: "open", text: "Open (not closed)", selected: filter.status === "open" },
      ...options(STATUS_LABELS, filter.status),
      { value: "all", text: "All", selected: filter.status === "all" },
    ],
    owner: [
      { value: "anyone", text: "Anyone or no one", selected: filter.owner === "anyone" },
      { value: "me", text: "Me", selected: filter.owner === "me" },
      { value: "unassigned", text: "No one (unassigned)", selected: filter.owner === "unassigned" },
    ],
    priority: [
      { value: "any", text: "Any", selected: filter.priority === "any" },
      ...options(PRIORITY_LABELS, filter.priority),
    ],
    sort: options(SORT_LABELS, filter.sort),
    overdue: [
      { value: "first", text: "Overdue cases first", selected: filter.overdueFirst },
      { value: "mixed", text: "Overdue cases in that order too", selected: !filter.overdueFirst },
    ],
  };
}

export async function queueRoutes(app: FastifyInstance, options: CaseworkOptions) {
  const { db, forms, now } = options;

  app.get<QueueRequest>("/staff/queues/:teamId", async (request, reply) => {
    const staff = staffOf(request);
    const { teamId } = request.params;
    const access = queueAccess(staff, teamId);
    const team = access === "allowed" ? await findTeam(db, teamId) : undefined;
    if (access !== "allowed" || !team) return renderRefusal(reply, "not-found");

    const filter = parseQueueFilter(request.query);
    const at = now();
    const scope = { teamId, staffId: staff.id, filter, now: at };
    const [total, rows] = await Promise.all([countQueue(db, scope), queuePage(db, scope)]);
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    await audit(
      db,
      {
        staffId: staff.id,
        action: "queue:view",
        detail: {
          team: teamId,
          filter: filterQuery(filter),
          page: filter.page,
          cases: rows.length,
        },
      },
      at,
    );
    const base = `/staff/queues/${encodeURIComponent(teamId)}`;
    reply.header("cache-control", "no-store");
    return reply.render("staff/queues/queue.njk", {
      title: team.name,
      team,
      filter,
      fields: filterFields(filter),
      total,
      first: total === 0 ? 0 : Math.min(total, (filter.page - 1) * PAGE_SIZE + 1),
      last: Math.min(total, filter.page * PAGE_SIZE),
      beyondEnd: rows.length === 0 && filter.page > 1,
      firstPageHref: `${base}${filterQuery(filter)}`,
      rows: rows.map((row) => ({
        href: `/staff/cases/${row.id}`,
        reference: row.reference,
        service: forms.get(row.form_id)?.title ?? row.form_id,
        received: formatUkDate(row.created_at),
        receivedAt: row.created_at,
        target: formatUkDateTime(row.due_at),
        targetAt: row.due_at,
        overdue: row.overdue,
        sensitive: row.sensitive,
        status: STATUS_LABELS[row.status] ?? row.status,
        statusTag: STATUS_TAGS[row.status] ?? "govuk-tag--grey",
        priority: PRIORITY_LABELS[row.priority] ?? row.priority,
        priorityTag: PRIORITY_TAGS[row.priority] ?? "govuk-tag--grey",
        owner: row.owner_id === staff.id ? "You" : (row.owner_name ?? "Unassigned"),
      })),
      pagination: pagination(
        Math.min(filter.page, lastPage),
        lastPage,
        (page) => `${base}${filterQuery(filter, { page })}`,
      ),
      exportHref: can(staff, "queue:export")
        ? `${base}/export.csv${filterQuery(filter)}`
        : undefined,
    });
  });

  app.get<QueueRequest>("/staff/queues/:teamId/export.csv", async (request, reply) => {
    const staff = staffOf(request);
    const { teamId } = request.params;
    const access = queueAccess(staff, teamId, "queue:export");
    const team = access !== "not-found" ? await findTeam(db, teamId) : undefined;
    if (!team) return renderRefusal(reply, "not-found");
    if (access !== "allowed") return renderRefusal(reply, access);

    const filter = { ...parseQueueFilter(request.query), page: 1 };
    const at = now();
    const scope = { teamId, staffId: staff.id, filter, now: at };
    const rows = await queueRows(db, scope);
    await audit(
      db,
      {
        staffId: staff.id,
        action: "queue:export",
        detail: { team: teamId, filter: filterQuery(filter), cases: rows.length },
      },
      at,
    );
    // Each case that leaves in the file is recorded against that case too, so its own audit
    // trail shows who took a copy.
    const onBatch = async (batch: typeof rows) => {
      if (batch.length === 0) return;
      await db
        .insertInto("audit_log")
        .values(
          batch.map((row) => ({
            id: timeOrderedId(at.getTime()),
            at: at.toISOString(),
            staff_id: staff.id,
            action: "case:export",
            case_id: row.id,
            reason: null,
            detail: JSON.stringify({ team: teamId }),
          })),
        )
        .execute();
    };
    const day = at.toISOString().slice(0, 10);
    const { queueCsv } = await loadCsv();
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${teamId}-cases-${day}.csv"`)
      .header("cache-control", "no-store")
      .send(queueCsv(db, forms, rows, { onBatch }));
  });
}
