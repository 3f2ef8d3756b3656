// Reading the audit log in the back office. The same rule as everywhere else: entries about
// a case are shown only to members of the case's team. Entries about no case (signing in,
// viewing a queue) are shown to admins, and to supervisors for the people in their teams.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { STATUS_LABELS } from "../cases/status.ts";
import type { CaseStatus } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { formatUkDateTime } from "../platform/uk-time.ts";
import type { StaffMember } from "../staff/policy.ts";
import { outcomeLabel } from "./case-file.ts";
import { PRIORITY_LABELS } from "./queue.ts";

export const AUDIT_PAGE_SIZE = 100;

export const ACTION_LABELS: Record<string, string> = {
  "case:view": "Viewed the case",
  "case:state-reason": "Gave a reason to open a sensitive case",
  "case:assign": "Assigned the case",
  "case:change-status": "Changed the status",
  "case:change-priority": "Changed the priority",
  "case:add-note": "Added a note",
  "case:message-reporter": "Sent a message to the reporter",
  "case:export": "Exported the case in a queue",
  "queue:view": "Viewed a queue",
  "queue:export": "Exported a queue",
  "sign-in": "Signed in",
  "sign-in-failed": "Failed to sign in",
  "sign-out": "Signed out",
  "second-factor-set-up": "Set up their second factor",
  "second-factor-failed": "Entered a wrong second-factor code",
  "password-changed": "Changed their password",
  "password-change-failed": "Failed to change their password",
  "staff-account-created": "Added a staff account",
  "staff-account-changed": "Changed a staff account's name, role or teams",
  "staff-account-deactivate": "Deactivated a staff account",
  "staff-account-reactivate": "Reactivated a staff account",
  "staff-account-unlock": "Unlocked a staff account",
  "staff-account-reset-second-factor": "Reset a staff account's authenticator app",
  "staff-account-reset-password": "Reset a staff account's password",
  "team-created": "Added a team",
  "team-changed": "Changed a team",
  "team-member-added": "Added someone to a team",
  "team-member-removed": "Took someone out of a team",
  "outbox-retried": "Sent a failed message again",
  "outbox-retried-all": "Sent every failed message again",
  "maildrop-email-viewed": "Read an email in the development mail drop",
  "content:create": "Started a page",
  "content:save": "Saved a draft of a page",
  "content:restore": "Restored an earlier version of a page",
  "content:submit": "Sent a page for review",
  "content:return": "Sent a page back to its author",
  "content:publish": "Published a page",
  "content:schedule-publish": "Scheduled a page to be published",
  "content:archive": "Took a page down",
  "content:schedule-unpublish": "Scheduled a page to be taken down",
  "content:unschedule": "Cancelled a page's schedule",
  "content:unpublish": "Took a page down as scheduled",
  "neighbourhood-person-added": "Added someone to a neighbourhood team",
  "neighbourhood-person-changed": "Changed someone in a neighbourhood team",
  "neighbourhood-person-removed": "Took someone out of a neighbourhood team",
  "neighbourhood-priority-added": "Added a neighbourhood priority",
  "neighbourhood-priority-changed": "Changed a neighbourhood priority",
  "neighbourhood-priority-removed": "Took away a neighbourhood priority",
  "neighbourhood-event-added": "Added a neighbourhood event",
  "neighbourhood-event-changed": "Changed a neighbourhood event",
  "neighbourhood-event-removed": "Took away a neighbourhood event",
};

export type AuditFilter = { caseId?: string; staffId?: string; page: number };

export type AuditItem = {
  id: string;
  at: string;
  when: string;
  who: string;
  action: string;
  what: string;
  caseId: string | null;
  reference: string | null;
  reason: string | null;
  detail: string;
};

function visible(
  eb: ExpressionBuilder<Database, "audit_log">,
  viewer: StaffMember,
): Expression<SqlBool> {
  const teams = viewer.teamIds;
  const anyCase = eb("audit_log.case_id", "is not", null);
  const noCase = eb("audit_log.case_id", "is", null);
  const shown: Expression<SqlBool>[] = [];
  if (teams.length > 0) {
    shown.push(
      eb.and([
        anyCase,
        eb(
          "audit_log.case_id",
          "in",
          eb.selectFrom("cases").select("cases.id").where("cases.team_id", "in", teams),
        ),
      ]),
    );
  }
  if (viewer.role === "admin") shown.push(noCase);
  else if (teams.length > 0) {
    shown.push(
      eb.and([
        noCase,
        eb(
          "audit_log.staff_id",
          "in",
          eb
            .selectFrom("team_members")
            .select("team_members.staff_id")
            .where("team_members.team_id", "in", teams),
        ),
      ]),
    );
  }
  // Someone in no team sees nothing but, as an admin, the entries about no case.
  return shown.length > 0 ? eb.or(shown) : eb("audit_log.id", "is", null);
}

const parse = (data: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

const label = (labels: Record<string, string>, value: unknown) =>
  typeof value === "string" && Object.hasOwn(labels, value) ? labels[value] : String(value ?? "");

function describeDetail(
  action: string,
  detail: Record<string, unknown>,
  names: { staff: Map<string, string>; teams: Map<string, string> },
): string {
  switch (action) {
    case "case:change-status": {
      const outcome = outcomeLabel(detail.outcome);
      const moved = `${label(STATUS_LABELS as Record<CaseStatus, string>, detail.from)} to ${label(STATUS_LABELS, detail.to)}`;
      return outcome ? `${moved} (${outcome})` : moved;
    }
    case "case:change-priority":
      return `${label(PRIORITY_LABELS, detail.from)} to ${label(PRIORITY_LABELS, detail.to)}`;
    case "case:assign":
      return typeof detail.to === "string"
        ? `To ${names.staff.get(detail.to) ?? "a former member of staff"}`
        : "Unassigned";
    case "queue:view":
    case "queue:export":
    case "case:export": {
      const team =
        typeof detail.team === "string" ? (names.teams.get(detail.team) ?? detail.team) : "";
      const count = typeof detail.cases === "number" ? `, ${detail.cases} cases` : "";
      return team ? `${team}${count}` : "";
    }
    default:
      return "";
  }
}

export async function auditEntries(
  db: Kysely<Database>,
  viewer: StaffMember,
  filter: AuditFilter,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<{ items: AuditItem[]; hasNext: boolean }> {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("staff", "staff.id", "audit_log.staff_id")
    .leftJoin("cases", "cases.id", "audit_log.case_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.case_id",
      "audit_log.reason",
      "audit_log.detail",
      "staff.name as staff_name",
      "staff.email as staff_email",
      "cases.reference",
    ])
    .where((eb) => visible(eb, viewer));
  if (filter.caseId) query = query.where("audit_log.case_id", "=", filter.caseId);
  if (filter.staffId) query = query.where("audit_log.staff_id", "=", filter.staffId);
  const rows = await query
    .orderBy("audit_log.at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(pageSize + 1)
    .offset((filter.page - 1) * pageSize)
    .execute();
  const shown = rows.slice(0, pageSize);

  const staffIds = new Set<string>();
  for (const row of shown) {
    const to = parse(row.detail).to;
    if (row.action === "case:assign" && typeof to === "string") staffIds.add(to);
  }
  const [people, teams] = await Promise.all([
    staffIds.size > 0
      ? db
          .selectFrom("staff")
          .select(["id", "name"])
          .where("id", "in", [...staffIds])
          .execute()
      : Promise.resolve([]),
    db.selectFrom("teams").select(["id", "name"]).execute(),
  ]);
  const names = {
    staff: new Map(people.map((p) => [p.id, p.name])),
    teams: new Map(teams.map((t) => [t.id, t.name])),
  };

  return {
    hasNext: rows.length > pageSize,
    items: shown.map((row) => ({
      id: row.id,
      at: row.at,
      when: formatUkDateTime(row.at),
      who: row.staff_name ? `${row.staff_name} (${row.staff_email})` : "Unknown",
      action: row.action,
      what: ACTION_LABELS[row.action] ?? row.action,
      caseId: row.case_id,
      reference: row.reference ?? null,
      reason: row.reason,
      detail: describeDetail(row.action, parse(row.detail), names),
    })),
  };
}
