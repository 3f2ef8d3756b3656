// Small pieces the casework routes share.
import type { FastifyReply, FastifyRequest } from "fastify";
import { renderNotFound } from "../platform/errors.ts";
import type { StaffMember } from "../staff/policy.ts";
import type { Access } from "./access.ts";

/** The signed-in member of staff; the guard has already turned everyone else away. */
export function staffOf(request: FastifyRequest): StaffMember {
  if (!request.staff) throw new Error("casework route reached without a signed-in member of staff");
  return request.staff;
}

/** The page for a refusal: "not found" looks exactly like a case or queue that does not exist. */
export function renderRefusal(reply: FastifyReply, access: Exclude<Access, "allowed">) {
  if (access === "not-found") return renderNotFound(reply);
  return reply.code(403).render("staff/forbidden.njk", { title: "You cannot do this" });
}

export type ErrorItem = { text: string; href: string };

/** One value of a form field, whatever the body parser made of it. */
export function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/**
 * Text as typed in a textarea: line endings made one kind, invisible control characters
 * (which PostgreSQL would refuse, in the case of NUL) taken out, spaces trimmed at the ends.
 */
export function text(value: string | undefined): string {
  return (value ?? "").replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** True when a value has characters no one types on purpose (NUL and the like). */
export function hasControlCharacters(value: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(value);
  CONTROL.lastIndex = 0;
  return found;
}
