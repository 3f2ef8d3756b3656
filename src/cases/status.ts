// A case's life: new → triaged → in progress → awaiting information → closed (with an
// outcome), and closed cases can be reopened. Only these moves are allowed, so the
// history always tells a story the public and an inspector can follow.
import type { CaseStatus } from "./tables.ts";

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: "New",
  triaged: "Triaged",
  "in-progress": "In progress",
  "awaiting-information": "Awaiting information",
  closed: "Closed",
};

/** What the reporter sees on "track your report" for each status. */
export const STATUS_FOR_PUBLIC: Record<CaseStatus, string> = {
  new: "We have received your report",
  triaged: "We have read your report and decided what to do next",
  "in-progress": "An officer or member of staff is working on your report",
  "awaiting-information": "We need more information from you",
  closed: "We have finished working on your report",
};

const ALLOWED: Record<CaseStatus, CaseStatus[]> = {
  new: ["triaged", "in-progress", "closed"],
  triaged: ["in-progress", "awaiting-information", "closed"],
  "in-progress": ["awaiting-information", "closed"],
  "awaiting-information": ["in-progress", "closed"],
  // Reopening puts the case back to work.
  closed: ["in-progress"],
};

export const OUTCOMES = {
  "no-further-action": "No further action",
  "investigation-complete": "Investigation complete",
  "suspect-charged": "Someone has been charged",
  "referred-elsewhere": "Passed to another organisation",
  "resolved-locally": "Resolved by the neighbourhood team",
  "complaint-upheld": "Complaint upheld",
  "complaint-not-upheld": "Complaint not upheld",
  "feedback-recorded": "Feedback recorded",
} as const;
export type Outcome = keyof typeof OUTCOMES;

export function allowedNextStatuses(from: CaseStatus): CaseStatus[] {
  return ALLOWED[from];
}

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isOutcome(value: string): value is Outcome {
  return Object.hasOwn(OUTCOMES, value);
}
