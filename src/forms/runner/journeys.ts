// A journey is one person's progress through one form. It lives in their server-side
// session (so nothing they tell us sits in their browser), one per form, and it expires
// with the session after JOURNEY_IDLE_MINUTES without activity.
import { randomUUID } from "node:crypto";
import type { Area } from "../../cases/facts.ts";
import type { Session } from "../../platform/sessions.ts";
import type { Answer, Answers } from "../engine/index.ts";

/**
 * What the start link filled in (the form's `prefill:`): suggested answers, shown on their
 * pages until the person answers them, and the area it was started from, with its names as
 * they were looked up at the start, for check your answers and routing.
 */
export type JourneyPrefill = { answers: Record<string, Answer>; area?: Area };

export type Journey = {
  /** Random, and the idempotency key of the submission. */
  id: string;
  formId: string;
  answers: Answers;
  startedAt: string;
  prefill?: JourneyPrefill;
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

/** A new journey; it replaces any other journey through the same form. */
export function startJourney(
  session: Session,
  formId: string,
  now: Date,
  prefill?: JourneyPrefill,
): Journey {
  const journey: Journey = {
    id: randomUUID(),
    formId,
    answers: {},
    startedAt: now.toISOString(),
    ...(prefill ? { prefill } : {}),
  };
  journeys(session)[formId] = journey;
  return journey;
}
