// Everything the case page shows about one case: its details, the answers in the form's
// words, its history (staff and public, newest first), its attachments' metadata, and who
// in the team it could be given to.
import type { Kysely } from "kysely";
import { OUTCOMES, STATUS_LABELS } from "../cases/status.ts";
import type { CaseStatus } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { type Answers, type SummaryRow, summaryRows } from "../forms/engine/index.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import { formatUkDateTime } from "../platform/uk-time.ts";
import { POLICY } from "../staff/policy.ts";
import type { CaseRow } from "./access.ts";
import { paragraphs } from "./format.ts";
import { PRIORITY_LABELS } from "./queue.ts";

export type HistoryItem = {
  id: string;
  at: string;
  when: string;
  kind: string;
  title: string;
  /** Who did it: a member of staff, the reporter, or the system. */
  by: string;
  /** Whether the reporter sees it on track your report. */
  public: boolean;
  paragraphs: string[];
};

export type TeamMember = { id: string; name: string; email: string };

export type CaseFile = {
  theCase: CaseRow;
  formTitle: string;
  teamName: string;
  ownerName: string | undefined;
  overdue: boolean;
  answers: SummaryRow[];
  history: HistoryItem[];
  attachments: Array<{
    id: string;
    filename: string;
    contentType: string;
    size: string;
    added: string;
  }>;
  members: TeamMember[];
};

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

const statusLabel = (value: unknown): string =>
  typeof value === "string" && Object.hasOwn(STATUS_LABELS, value)
    ? STATUS_LABELS[value as CaseStatus]
    : "unknown";

export function outcomeLabel(value: unknown): string | undefined {
  return typeof value === "string" && Object.hasOwn(OUTCOMES, value)
    ? OUTCOMES[value as keyof typeof OUTCOMES]
    : undefined;
}

const priorityLabel = (value: unknown): string =>
  typeof value === "string" && Object.hasOwn(PRIORITY_LABELS, value)
    ? PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS]
    : "unknown";

/**
 * The reporter did not say where it happened; the area came from the link they started
 * the report from (ADR 13), which anyone can write: staff should know it is not theirs.
 */
function areaFromLink(facts: unknown): string[] {
  if (typeof facts !== "object" || facts === null) return [];
  const f = facts as Record<string, unknown>;
  if (f["area-source"] !== "link") return [];
  const name = [f["neighbourhood-name"], f["borough-name"]].filter((n) => typeof n === "string");
  return [
    `Area: ${name.join(", ") || "unnamed"}. The reporter did not say where it happened: this area came from the link they started the report from.`,
  ];
}

function describeEvent(
  kind: string,
  data: Record<string, unknown>,
  names: { staff: (id: unknown) => string | undefined; team: (id: unknown) => string | undefined },
): { title: string; paragraphs: string[] } {
  switch (kind) {
    case "created": {
      const team = names.team(data.team);
      return {
        title: team ? `Report received, in the ${team} queue` : "Report received",
        paragraphs: areaFromLink(data.facts),
      };
    }
    case "status":
    case "status-changed": {
      if (data.from === "closed") return { title: "Reopened", paragraphs: [] };
      const outcome = outcomeLabel(data.outcome);
      return {
        title: `Status changed${data.from ? ` from ${statusLabel(data.from)}` : ""} to ${statusLabel(data.to ?? data.status)}`,
        paragraphs: outcome ? [`Outcome: ${outcome}`] : [],
      };
    }
    case "reopened":
      return { title: "Reopened", paragraphs: [] };
    case "assigned": {
      const to = data.to ? (names.staff(data.to) ?? "a former member of staff") : undefined;
      return { title: to ? `Assigned to ${to}` : "Unassigned", paragraphs: [] };
    }
    case "priority-changed":
      return {
        title: `Priority changed from ${priorityLabel(data.from)} to ${priorityLabel(data.to)}`,
        paragraphs: [],
      };
    case "note":
      return { title: "Note", paragraphs: paragraphs(data.text) };
    case "message-out":
    case "message":
      return { title: "Message to the reporter", paragraphs: paragraphs(data.text) };
    case "message-in":
      return { title: "Message from the reporter", paragraphs: paragraphs(data.text) };
    default:
      return { title: kind, paragraphs: [] };
  }
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function loadCaseFile(
  db: Kysely<Database>,
  forms: FormCatalogue,
  theCase: CaseRow,
  now: Date,
): Promise<CaseFile> {
  const form = forms.get(theCase.form_id);
  const [submission, team, events, attachments, members, teams] = await Promise.all([
    db
      .selectFrom("submissions")
      .select("answers")
      .where("reference", "=", theCase.reference)
      .executeTakeFirst(),
    db.selectFrom("teams").select("name").where("id", "=", theCase.team_id).executeTakeFirst(),
    db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", theCase.id)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .execute(),
    db
      .selectFrom("case_attachments")
      .selectAll()
      .where("case_id", "=", theCase.id)
      .orderBy("added_at")
      .execute(),
    db
      .selectFrom("team_members")
      .innerJoin("staff", "staff.id", "team_members.staff_id")
      .select(["staff.id", "staff.name", "staff.email"])
      .where("team_members.team_id", "=", theCase.team_id)
      .where("staff.active", "=", 1)
      .where("staff.role", "in", [...POLICY["case:view"]])
      .orderBy("staff.name")
      .execute(),
    db.selectFrom("teams").select(["id", "name"]).execute(),
  ]);

  // Names of everyone the history mentions, including people who have left the team.
  const staffIds = new Set<string>();
  if (theCase.owner_id) staffIds.add(theCase.owner_id);
  for (const event of events) {
    if (event.actor_id) staffIds.add(event.actor_id);
    if (event.kind === "assigned") {
      const data = parse(event.data);
      for (const id of [data.from, data.to]) if (typeof id === "string") staffIds.add(id);
    }
  }
  const people =
    staffIds.size === 0
      ? []
      : await db
          .selectFrom("staff")
          .select(["id", "name"])
          .where("id", "in", [...staffIds])
          .execute();
  const staffName = new Map(people.map((p) => [p.id, p.name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const names = {
    staff: (id: unknown) => (typeof id === "string" ? staffName.get(id) : undefined),
    team: (id: unknown) => (typeof id === "string" ? teamName.get(id) : undefined),
  };

  let answers: SummaryRow[] = [];
  if (form && submission) {
    try {
      answers = summaryRows(form, JSON.parse(submission.answers) as Answers);
    } catch {
      answers = [];
    }
  }

  return {
    theCase,
    formTitle: form?.title ?? theCase.form_id,
    teamName: team?.name ?? theCase.team_id,
    ownerName: theCase.owner_id
      ? (staffName.get(theCase.owner_id) ?? "a former member of staff")
      : undefined,
    overdue: theCase.status !== "closed" && theCase.due_at < now.toISOString(),
    answers,
    history: events.map((event) => {
      const described = describeEvent(event.kind, parse(event.data), names);
      const by = event.actor_id
        ? (staffName.get(event.actor_id) ?? "A former member of staff")
        : event.kind === "message-in"
          ? "The reporter"
          : "The system";
      return {
        id: event.id,
        at: event.at,
        when: formatUkDateTime(event.at),
        kind: event.kind,
        by,
        public: event.visibility === "public",
        ...described,
      };
    }),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: sizeText(Number(a.size_bytes)),
      added: formatUkDateTime(a.added_at),
    })),
    members,
  };
}
