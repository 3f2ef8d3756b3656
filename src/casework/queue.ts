// A team's queue: its cases, filtered and sorted the way the queue page and the CSV export
// ask for. Overdue means past its target and not closed; overdue cases come first unless
// the person asks otherwise, because they are the ones letting someone down.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { STATUS_LABELS } from "../cases/status.ts";
import type { CasePriority, CaseStatus } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";

export const PAGE_SIZE = 50;

export const PRIORITY_LABELS: Record<CasePriority, string> = {
  urgent: "Urgent",
  high: "High",
  normal: "Normal",
  low: "Low",
};

export const SORT_LABELS = {
  target: "Target date, soonest first",
  oldest: "Received, oldest first",
  newest: "Received, newest first",
} as const;
export type QueueSort = keyof typeof SORT_LABELS;

export type QueueFilter = {
  /** "open" is every status but closed. */
  status: "open" | "all" | CaseStatus;
  owner: "anyone" | "me" | "unassigned";
  priority: "any" | CasePriority;
  sort: QueueSort;
  overdueFirst: boolean;
  page: number;
};

export const DEFAULT_FILTER: QueueFilter = {
  status: "open",
  owner: "anyone",
  priority: "any",
  sort: "target",
  overdueFirst: true,
  page: 1,
};

const one = (value: unknown): string | undefined =>
  typeof value === "string" ? value : Array.isArray(value) ? one(value[0]) : undefined;

/** Reads the filter from a query string; anything not understood falls back to the default. */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const status = one(query.status);
  const owner = one(query.owner);
  const priority = one(query.priority);
  const sort = one(query.sort);
  const page = Number(one(query.page));
  return {
    status:
      status === "open" || status === "all" || (status && Object.hasOwn(STATUS_LABELS, status))
        ? (status as QueueFilter["status"])
        : DEFAULT_FILTER.status,
    owner:
      owner === "me" || owner === "unassigned" || owner === "anyone" ? owner : DEFAULT_FILTER.owner,
    priority:
      priority === "any" || (priority && Object.hasOwn(PRIORITY_LABELS, priority))
        ? (priority as QueueFilter["priority"])
        : DEFAULT_FILTER.priority,
    sort: sort && Object.hasOwn(SORT_LABELS, sort) ? (sort as QueueSort) : DEFAULT_FILTER.sort,
    overdueFirst: one(query.overdue) !== "mixed",
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** The filter as query-string pairs, leaving out defaults, for links and the export. */
export function filterQuery(filter: QueueFilter, extra: { page?: number } = {}): string {
  const params = new URLSearchParams();
  if (filter.status !== DEFAULT_FILTER.status) params.set("status", filter.status);
  if (filter.owner !== DEFAULT_FILTER.owner) params.set("owner", filter.owner);
  if (filter.priority !== DEFAULT_FILTER.priority) params.set("priority", filter.priority);
  if (filter.sort !== DEFAULT_FILTER.sort) params.set("sort", filter.sort);
  if (!filter.overdueFirst) params.set("overdue", "mixed");
  if (extra.page && extra.page > 1) params.set("page", String(extra.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

type Scope = { teamId: string; staffId: string; filter: QueueFilter; now: Date };

function conditions(eb: ExpressionBuilder<Database, "cases">, scope: Scope): Expression<SqlBool> {
  const { filter } = scope;
  const all: Expression<SqlBool>[] = [eb("cases.team_id", "=", scope.teamId)];
  if (filter.status === "open") all.push(eb("cases.status", "!=", "closed"));
  else if (filter.status !== "all") all.push(eb("cases.status", "=", filter.status));
  if (filter.owner === "me") all.push(eb("cases.owner_id", "=", scope.staffId));
  if (filter.owner === "unassigned") all.push(eb("cases.owner_id", "is", null));
  if (filter.priority !== "any") all.push(eb("cases.priority", "=", filter.priority));
  return eb.and(all);
}

function overdueExpression(eb: ExpressionBuilder<Database, "cases">, now: Date) {
  return eb
    .case()
    .when(eb.and([eb("cases.status", "!=", "closed"), eb("cases.due_at", "<", now.toISOString())]))
    .then(1)
    .else(0)
    .end();
}

/** The filtered cases in display order, as a query to page through or to export. */
function orderedQueue(db: Kysely<Database>, scope: Scope) {
  let query = db
    .selectFrom("cases")
    .leftJoin("staff as owner", "owner.id", "cases.owner_id")
    .where((eb) => conditions(eb, scope))
    .select((eb) => [
      "cases.id",
      "cases.reference",
      "cases.form_id",
      "cases.status",
      "cases.outcome",
      "cases.priority",
      "cases.sensitive",
      "cases.due_at",
      "cases.created_at",
      "cases.updated_at",
      "cases.owner_id",
      "owner.name as owner_name",
      overdueExpression(eb, scope.now).as("overdue"),
    ]);
  if (scope.filter.overdueFirst) query = query.orderBy("overdue", "desc");
  switch (scope.filter.sort) {
    case "target":
      query = query.orderBy("cases.due_at", "asc");
      break;
    case "oldest":
      query = query.orderBy("cases.created_at", "asc");
      break;
    case "newest":
      query = query.orderBy("cases.created_at", "desc");
      break;
  }
  // A stable order, so a page never repeats or skips a case that ties with another.
  return query.orderBy("cases.reference", "asc");
}

export type QueueRow = {
  id: string;
  reference: string;
  form_id: string;
  status: CaseStatus;
  outcome: string | null;
  priority: CasePriority;
  sensitive: boolean;
  due_at: string;
  created_at: string;
  updated_at: string;
  owner_id: string | null;
  owner_name: string | null;
  overdue: boolean;
};

type RawRow = Awaited<ReturnType<ReturnType<typeof orderedQueue>["execute"]>>[number];

function toRow(row: RawRow): QueueRow {
  return {
    ...row,
    sensitive: Boolean(Number(row.sensitive)),
    overdue: Number(row.overdue) === 1,
  };
}

export async function countQueue(db: Kysely<Database>, scope: Scope): Promise<number> {
  const row = await db
    .selectFrom("cases")
    .where((eb) => conditions(eb, scope))
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function queuePage(
  db: Kysely<Database>,
  scope: Scope,
  pageSize = PAGE_SIZE,
): Promise<QueueRow[]> {
  const rows = await orderedQueue(db, scope)
    .limit(pageSize)
    .offset((scope.filter.page - 1) * pageSize)
    .execute();
  return rows.map(toRow);
}

/**
 * Every case the filter matches, in display order: the export's rows. Only the cases' own
 * columns are read here (the answers are read a batch at a time by the export).
 */
export async function queueRows(db: Kysely<Database>, scope: Scope): Promise<QueueRow[]> {
  return (await orderedQueue(db, scope).execute()).map(toRow);
}
