// Who may see and do what with a case or a queue, on top of the policy table.
//
// Seeing comes first: a case (or queue) that is not in one of your teams, or that your role
// may not see at all, is "not found" (404) exactly like one that does not exist, so the back
// office never confirms that another team's case exists. Only once you can see it does the
// role decide each action, and a refusal then is "you cannot do this" (403).
import type { Kysely } from "kysely";
import type { CaseTable } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { type Action, can, canSeeCase, type StaffMember } from "../staff/policy.ts";

export type CaseRow = CaseTable;

export type Access = "allowed" | "not-found" | "forbidden";

/** Case ids are UUIDs; anything else cannot name a case, so it is not looked up. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function findCase(db: Kysely<Database>, caseId: string): Promise<CaseRow | undefined> {
  if (!CASE_ID.test(caseId)) return undefined;
  return db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst();
}

export function caseAccess(
  staff: StaffMember | undefined,
  theCase: Pick<CaseRow, "team_id" | "sensitive"> | undefined,
  action?: Action,
): Access {
  if (!theCase || !canSeeCase(staff, theCase)) return "not-found";
  if (theCase.sensitive && !can(staff, "case:view-sensitive")) return "forbidden";
  if (action && !can(staff, action)) return "forbidden";
  return "allowed";
}

export function queueAccess(
  staff: StaffMember | undefined,
  teamId: string,
  action?: Action,
): Access {
  if (!staff?.teamIds.includes(teamId) || !can(staff, "queue:view")) return "not-found";
  if (action && !can(staff, action)) return "forbidden";
  return "allowed";
}
