// The back office's navigation: only the places this person's role lets them go.
import { type Action, can, type StaffMember } from "./policy.ts";

const ITEMS: Array<{ href: string; text: string; action?: Action }> = [
  { href: "/staff", text: "Queues" },
  { href: "/staff/audit", text: "Audit log", action: "audit:view" },
  { href: "/staff/content", text: "Content", action: "content:edit" },
  { href: "/staff/neighbourhoods", text: "Neighbourhoods", action: "neighbourhood:edit" },
  { href: "/staff/admin/staff", text: "Staff accounts", action: "staff:manage" },
  { href: "/staff/admin/teams", text: "Teams", action: "teams:manage" },
  { href: "/staff/admin/outbox", text: "Outbox", action: "outbox:manage" },
];

export function staffNavigation(staff: StaffMember, currentPath: string) {
  return ITEMS.filter((item) => !item.action || can(staff, item.action)).map((item) => ({
    href: item.href,
    text: item.text,
    active:
      item.href === "/staff"
        ? currentPath === "/staff" ||
          currentPath.startsWith("/staff/queues") ||
          currentPath.startsWith("/staff/cases")
        : currentPath.startsWith(item.href),
  }));
}
