// A journey is one person's progress through one form. It lives in their server-side
// session (so nothing they tell us sits in their browser), one per form, and it expires
// with the session after JOURNEY_IDLE_MINUTES without activity.
import { randomUUID } from "node:crypto";
import type { Answers } from "../engine/index.ts";
import type { Session } from "../../platform/sessions.ts";

export type Journey = {
  /** Random, and the idempotency key of the submission. */
  id: string;
  formId: string;
  answers: Answers;
  startedAt: string;
  /** Set once submitted; the answers are then cleared from the session. */
  submitted?: { reference: string; at: string; trackingCode?: string };
};

type Journeys = Record<string, Journey>;

function journeys(session: Session): Journeys {
  session.data.journeys ??= {};
  return session.data.journeys as Journeys;
}

export function findJourney(session: Session | undefined, formId: string): Journey | undefined {
  if (!session) return undefined;
  return (session.data.journeys as Journeys | undefined)?.[formId];
}

export function startJourney(session: Session, formId: string, now: Date): Journey {
  const journey: Journey = { id: randomUUID(), formId, answers: {}, startedAt: now.toISOString() };
  journeys(session)[formId] = journey;
  return journey;
}
