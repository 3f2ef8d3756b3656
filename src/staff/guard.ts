// The back office's gate. Everything under /staff needs a member of staff who has signed in
// with their password and their second factor, within the idle and absolute time limits.
// Who they are is re-read from the database on every request, so a changed role or a
// deactivated account takes effect at once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { Session } from "../platform/sessions.ts";
import { loadStaffMember } from "./accounts.ts";
import { type Action, can, type StaffMember } from "./policy.ts";

/** What the session remembers of a member of staff. */
export type StaffSessionData = {
  id: string;
  /** "password": the password was right, the code is still to come. */
  stage: "password" | "signed-in";
  /** When they signed in (for the absolute limit) and were last active (for the idle one). */
  since: string;
  seen: string;
  /**
   * When this session last proved the account's credentials, if later than signing in: on
   * changing the password here. A change of credentials after it (an admin's reset, the
   * password changed in another session) ends the session; the absolute limit still counts
   * from `since`.
   */
  proven?: string;
  /** A second-factor secret being set up, not yet confirmed. */
  enrolling?: string;
  /** Where to go after signing in: a path under /staff. */
  returnTo?: string;
};

export function staffData(session: Session | undefined): StaffSessionData | undefined {
  return session?.data.staff as StaffSessionData | undefined;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in member of staff, on back-office routes. */
    staff: StaffMember | undefined;
  }
}

/** Paths under /staff that are open: signing in itself. */
const OPEN = /^\/staff\/sign-in(\/|$|\?)/;

async function guard(
  app: FastifyInstance,
  options: { config: Config; db: Kysely<Database>; now: () => Date },
) {
  const { config, db, now } = options;
  app.decorateRequest("staff", undefined);
  app.addHook("preHandler", async (request, reply) => {
    const url = request.url;
    if (!url.startsWith("/staff") || OPEN.test(url)) return;
    if (url !== "/staff" && !url.startsWith("/staff/")) return;
    const session = await request.getSession();
    const data = staffData(session);
    const at = now();
    const expired =
      data &&
      (at.getTime() - Date.parse(data.seen) > config.staffIdleMinutes * 60_000 ||
        at.getTime() - Date.parse(data.since) > config.staffSessionHours * 3_600_000);
    const member =
      data?.stage === "signed-in" && !expired
        ? await loadStaffMember(db, data.id, data.proven ?? data.since)
        : undefined;
    if (data?.stage === "password" && !expired) {
      // Half-way through signing in: carry on with the second factor.
      return reply.redirect("/staff/sign-in/code", 303);
    }
    if (!session || !data || !member) {
      if (session && data) {
        delete session.data.staff;
        await request.saveSession(session);
      }
      const returnTo = request.method === "GET" ? url : "/staff";
      return reply.redirect(
        `/staff/sign-in?${new URLSearchParams({ returnTo, ...(expired ? { expired: "1" } : {}) })}`,
        303,
      );
    }
    data.seen = at.toISOString();
    await request.saveSession(session);
    request.staff = member;
    reply.viewGlobals.staff = member;
  });
}

export const staffGuard = fp(guard, { name: "staff-guard", dependencies: ["sessions", "views"] });

/** A preHandler for one route: the action must be allowed by the policy table, else 403. */
export function requireAction(action: Action) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.staff, action)) {
      return reply.code(403).render("staff/forbidden.njk", { title: "You cannot do this" });
    }
  };
}
