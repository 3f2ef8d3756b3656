// Opening a case marked sensitive needs a stated reason, once per case per sign-in. The
// reasons live in the (server-side) session, so signing out forgets them, and each one is
// written to the audit log with every view and change of that case.
import type { FastifyRequest } from "fastify";
import { text } from "./http.ts";

export const REASON_MAX_LENGTH = 500;
/** The most recent cases a session remembers a reason for; older ones ask again. */
const REMEMBERED = 100;

type Reasons = Record<string, string>;

async function reasons(request: FastifyRequest): Promise<Reasons> {
  const session = await request.getSession();
  const value = session?.data.caseReasons;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Reasons) : {};
}

export async function statedReason(
  request: FastifyRequest,
  caseId: string,
): Promise<string | undefined> {
  const found = (await reasons(request))[caseId];
  return typeof found === "string" ? found : undefined;
}

export async function rememberReason(
  request: FastifyRequest,
  caseId: string,
  reason: string,
): Promise<void> {
  const session = await request.getSession();
  if (!session) return;
  const kept = Object.entries(await reasons(request)).filter(([id]) => id !== caseId);
  session.data.caseReasons = Object.fromEntries([
    ...kept.slice(-(REMEMBERED - 1)),
    [caseId, reason],
  ]);
  await request.saveSession(session);
}

/** The reason as typed, or an error to show. */
export function checkReason(value: unknown): { reason: string } | { error: string } {
  const reason = text(typeof value === "string" ? value : undefined);
  if (reason === "") return { error: "Enter why you are opening this case" };
  if ([...reason].length > REASON_MAX_LENGTH) {
    return { error: `Your reason must be ${REASON_MAX_LENGTH} characters or less` };
  }
  return { reason };
}
