// Small helpers the admin pages share: reading a posted form, the GOV.UK error list, a
// one-time message carried across the redirect after a change, and text made safe to wrap
// on a narrow screen.
import type { FastifyReply, FastifyRequest } from "fastify";
import { ukWallClock, wallClockDate, wallClockTime } from "../platform/uk-time.ts";

export type Body = Record<string, string | string[] | undefined>;

/** One entry of the error summary: the message and the field it links to. */
export type ErrorItem = { text: string; href: string };

/** A posted field as one trimmed string ("" when absent; the first when sent twice). */
export function field(body: Body | undefined, name: string): string {
  const value = body?.[name];
  return (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();
}

/** A posted field that may repeat (checkboxes), without blanks or repeats. */
export function fields(body: Body | undefined, name: string): string[] {
  const value = body?.[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(all.map((v) => v.trim()).filter((v) => v !== ""))];
}

/** Each field's error message, in the shape the govuk macros take (`errorMessage`). */
export function byField(errors: ErrorItem[]): Record<string, { text: string }> {
  const messages: Record<string, { text: string }> = {};
  for (const error of errors) messages[error.href.slice(1)] ??= { text: error.text };
  return messages;
}

/** Something said once on the page after a change (a notification banner), then forgotten. */
export type Flash = {
  text: string;
  /** A new password, shown once to the admin who made it: held in their server-side session
   * only until the next page shows it, never logged or audited. */
  password?: string;
  /** Whose account the password is for. */
  accountId?: string;
};

const FLASH_KEY = "adminFlash";

export async function setFlash(request: FastifyRequest, flash: Flash): Promise<void> {
  const session = await request.getSession();
  if (!session) return;
  session.data[FLASH_KEY] = flash;
  await request.saveSession(session);
}

export async function takeFlash(request: FastifyRequest): Promise<Flash | undefined> {
  const session = await request.getSession();
  const flash = session?.data[FLASH_KEY] as Flash | undefined;
  if (session && flash) {
    delete session.data[FLASH_KEY];
    await request.saveSession(session);
  }
  return flash;
}

/** After a change: remember what to say, then 303 to the page that shows it (post/redirect/get). */
export async function redirectWith(
  request: FastifyRequest,
  reply: FastifyReply,
  location: string,
  flash: Flash,
) {
  await setFlash(request, flash);
  return reply.redirect(location, 303);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Escaped HTML of a long unbroken string (an email address, a team id, a URL) with break
 * opportunities after its punctuation, so a table cell can wrap it on a 320 px screen
 * instead of pushing the page sideways.
 */
export function wrappable(text: string | null | undefined): string {
  if (!text) return "";
  return text
    .split(/(?<=[@._\-/:?&=])(?![@._\-/:?&=])/)
    .map(escapeHtml)
    .join("<wbr>");
}

/** A plausible email address: something@somewhere.tld, no spaces, at most 254 characters. */
export function looksLikeEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;.]{2,}$/.test(email);
}

/**
 * An email address with most of its local part hidden, as admins see a message's
 * recipient: s***@example.com. A webhook's URL shows only its origin.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf("@");
  if (/^https?:\/\//i.test(recipient)) {
    try {
      return `${new URL(recipient).origin}/…`;
    } catch {
      return "(a web address)";
    }
  }
  if (at <= 0) return "***";
  return `${recipient[0]}***${recipient.slice(at)}`;
}

/** A moment as staff read it, in UK time: "4 December 2026, 9:05am". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const clock = ukWallClock(date);
  return `${wallClockDate(clock)}, ${wallClockTime(clock, { minutes: "always" })}`;
}
