// What the reporter sees of their case's history: only the events marked "public", in the
// order they happened, each told in plain English. Staff-only events, notes and who did what
// never reach this page; a message from the police is signed by the team, not by a person.
//
// The public event kinds, and the data each carries (JSON in case_events.data):
//   created                        {}            the report was received
//   status (or status-changed)     {from?, to, outcome?}
//   reopened                       {}
//   message-out (or message)       {text, team?} a message from the police to the reporter
//   message-in                     {text}        the reporter's reply (written here)
// Any other public kind shows as "We updated your report", with none of its data.

import { OUTCOMES, STATUS_FOR_PUBLIC } from "../cases/status.ts";
import type { CaseStatus } from "../cases/tables.ts";
import { formatUkDateTime } from "../platform/uk-time.ts";

export type PublicEvent = { id: string; at: string; kind: string; data: string };

export type TimelineItem = {
  at: string;
  /** The date and time in the UK, as people read it: "4 December 2026 at 10:05am". */
  when: string;
  title: string;
  /** Who a message is from, when it is one: "You" or the team's name. */
  from?: string;
  /** The message, line by line (each line a paragraph, as typed). */
  paragraphs?: string[];
  /** True for a message from the police, which the page sets apart. */
  fromPolice?: boolean;
};

function parseData(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function paragraphsOf(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

const isStatus = (value: unknown): value is CaseStatus =>
  typeof value === "string" && Object.hasOwn(STATUS_FOR_PUBLIC, value);

export function outcomeText(outcome: unknown): string | undefined {
  return typeof outcome === "string" && Object.hasOwn(OUTCOMES, outcome)
    ? OUTCOMES[outcome as keyof typeof OUTCOMES]
    : undefined;
}

/**
 * The timeline, oldest first (it reads as a story, and the reply form follows the latest
 * message). `teamName` names a team id; `fallbackTeam` signs police messages that name none.
 */
export function publicTimeline(
  events: PublicEvent[],
  options: { teamName: (id: string) => string | undefined; fallbackTeam: string },
): TimelineItem[] {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return sorted.map((event) => {
    const data = parseData(event.data);
    const base = { at: event.at, when: formatUkDateTime(event.at) };
    switch (event.kind) {
      case "created":
        return { ...base, title: "We received your report" };
      case "status":
      case "status-changed": {
        const to = data.to ?? data.status;
        if (!isStatus(to)) return { ...base, title: "We updated your report" };
        if (data.from === "closed") return { ...base, title: "We reopened your report" };
        const outcome = to === "closed" ? outcomeText(data.outcome) : undefined;
        return {
          ...base,
          title: STATUS_FOR_PUBLIC[to],
          ...(outcome ? { paragraphs: [`Outcome: ${outcome}`] } : {}),
        };
      }
      case "reopened":
        return { ...base, title: "We reopened your report" };
      case "message-out":
      case "message": {
        const team = typeof data.team === "string" ? options.teamName(data.team) : undefined;
        const from = team ?? options.fallbackTeam;
        return {
          ...base,
          title: "Message from us",
          from,
          paragraphs: paragraphsOf(data.text),
          fromPolice: true,
        };
      }
      case "message-in":
        return { ...base, title: "Your message", from: "You", paragraphs: paragraphsOf(data.text) };
      default:
        return { ...base, title: "We updated your report" };
    }
  });
}
