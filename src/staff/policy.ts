// Who may do what in the back office: one table, deny by default. A route names its action;
// an action missing here is allowed to nobody. Team membership then limits which cases a
// person can see at all: another team's case is "not found" (404), not "forbidden" (403), so
// the back office does not even confirm that it exists.
import type { StaffRole } from "../cases/tables.ts";

export const POLICY = {
  "queue:view": ["officer", "supervisor", "admin"],
  "queue:export": ["supervisor", "admin"],
  "case:view": ["officer", "supervisor", "admin"],
  "case:view-sensitive": ["officer", "supervisor", "admin"],
  "case:assign-self": ["officer", "supervisor", "admin"],
  "case:assign-others": ["supervisor", "admin"],
  "case:change-status": ["officer", "supervisor", "admin"],
  "case:change-priority": ["supervisor", "admin"],
  "case:add-note": ["officer", "supervisor", "admin"],
  "case:message-reporter": ["officer", "supervisor", "admin"],
  "audit:view": ["supervisor", "admin"],
  "content:edit": ["editor", "admin"],
  "content:publish": ["admin"],
  "staff:manage": ["admin"],
  "teams:manage": ["admin"],
  "outbox:manage": ["admin"],
  "maildrop:view": ["admin"],
  "neighbourhood:edit": ["supervisor", "admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Action = keyof typeof POLICY;

export type StaffMember = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  teamIds: string[];
};

export function can(staff: StaffMember | undefined, action: Action): boolean {
  if (!staff) return false;
  const allowed: readonly StaffRole[] | undefined = POLICY[action];
  return allowed !== undefined && allowed.includes(staff.role);
}

/** Cases are seen only by members of the team whose queue they are in. */
export function canSeeCase(staff: StaffMember | undefined, theCase: { team_id: string }): boolean {
  return can(staff, "case:view") && staff!.teamIds.includes(theCase.team_id);
}

export function isAction(value: string): value is Action {
  return Object.hasOwn(POLICY, value);
}
