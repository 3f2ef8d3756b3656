// Track your report, over HTTP. The reporter proves who they are with their reference and
// the email address they gave (or the tracking code we showed them); we then remember, in
// their server-side session, which case they may see, so neither the reference nor anything
// else about them is ever in a web address. Looking up is rate-limited per client and per
// reference, and a wrong email or code gets the very same answer as an unknown reference.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app.ts";
import { STATUS_FOR_PUBLIC } from "../cases/status.ts";
import type { CaseStatus } from "../cases/tables.ts";
import type { Config } from "../config.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import type { Session } from "../platform/sessions.ts";
import { formatUkDate } from "../platform/uk-time.ts";
import { parseReference } from "../submissions/reference.ts";
import { AttemptLimiter } from "./limiter.ts";
import { findCaseByReferenceAndSecret } from "./lookup.ts";
import { addReply, normaliseReply, REPLY_MAX_LENGTH, replyError } from "./reply.ts";
import { outcomeText, publicTimeline } from "./timeline.ts";

/** What the session remembers: the one case this browser has proved it may see. */
type TrackedCase = { caseId: string; grantedAt: string; replySent?: boolean };

/** However active the session, a grant lasts this long before the details are asked again. */
const GRANT_MAX_MILLIS = 2 * 60 * 60_000;

export type TrackLimits = {
  /** Look-ups per client address. */
  perClient: { max: number; windowMillis: number };
  /** Look-ups per reference, from anywhere: slows down guessing spread over many addresses. */
  perReference: { max: number; windowMillis: number };
  /** Replies per case, so a flood of replies cannot bury a team's inbox. */
  repliesPerCase: { max: number; windowMillis: number };
};

export const DEFAULT_TRACK_LIMITS: TrackLimits = {
  perClient: { max: 10, windowMillis: 10 * 60_000 },
  perReference: { max: 20, windowMillis: 60 * 60_000 },
  repliesPerCase: { max: 20, windowMillis: 60 * 60_000 },
};

type FindBody = { reference?: unknown; secret?: unknown };
type ReplyBody = { message?: unknown };

type FieldErrors = { reference?: string; secret?: string };

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The team a message names, if any (messages from the police may say which team sent them). */
function teamOf(data: string): string | undefined {
  try {
    const team = (JSON.parse(data) as { team?: unknown } | null)?.team;
    return typeof team === "string" ? team : undefined;
  } catch {
    return undefined;
  }
}

const NOT_FOUND = "We could not find a report with those details";

export async function trackRoutes(
  app: FastifyInstance,
  options: {
    database: Deps["database"];
    forms: FormCatalogue;
    config: Config;
    now: () => Date;
    limits?: Partial<TrackLimits>;
  },
) {
  const { database, forms, config, now } = options;
  const limits = { ...DEFAULT_TRACK_LIMITS, ...options.limits };
  const perClient = new AttemptLimiter(limits.perClient);
  const perReference = new AttemptLimiter(limits.perReference);
  const repliesPerCase = new AttemptLimiter(limits.repliesPerCase);

  function renderFind(
    reply: FastifyReply,
    state: {
      values?: { reference: string; secret: string };
      errors?: FieldErrors;
      /** This browser can already see a report: offer the way back to it. */
      signedIn?: boolean;
    } = {},
  ) {
    const errors = state.errors ?? {};
    const errorList = (["reference", "secret"] as const)
      .filter((field) => errors[field])
      .map((field) => ({ text: errors[field], href: `#${field}` }));
    return reply.render("track/find.njk", {
      title: "Track your report",
      values: state.values ?? { reference: "", secret: "" },
      errors,
      errorList,
      signedIn: state.signedIn ?? false,
    });
  }

  function renderTooMany(reply: FastifyReply, retryAfterSeconds: number, what: "find" | "reply") {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    const wait = minutes === 1 ? "1 minute" : `${minutes} minutes`;
    return reply
      .code(429)
      .header("retry-after", String(retryAfterSeconds))
      .render("track/too-many.njk", {
        title: "Too many attempts",
        wait,
        what,
      });
  }

  async function currentGrant(
    request: FastifyRequest,
  ): Promise<{ session: Session; grant: TrackedCase } | undefined> {
    const session = await request.getSession();
    const grant = session?.data.trackedCase as TrackedCase | undefined;
    if (!session || !grant || typeof grant.caseId !== "string") return undefined;
    const age = now().getTime() - new Date(grant.grantedAt).getTime();
    if (!(age >= 0 && age < GRANT_MAX_MILLIS)) return undefined;
    return { session, grant };
  }

  async function forgetGrant(request: FastifyRequest) {
    const session = await request.getSession();
    if (session && "trackedCase" in session.data) {
      delete session.data.trackedCase;
      await request.saveSession(session);
    }
  }

  app.get("/track", async (request, reply) =>
    renderFind(reply, { signedIn: (await currentGrant(request)) !== undefined }),
  );

  app.post<{ Body: FindBody }>("/track", async (request, reply) => {
    const limit = perClient.hit(request.ip);
    if (!limit.allowed) return renderTooMany(reply, limit.retryAfterSeconds, "find");

    const values = {
      reference: text(request.body?.reference).trim(),
      secret: text(request.body?.secret).trim(),
    };
    const errors: FieldErrors = {};
    const reference = parseReference(values.reference);
    if (values.reference === "") errors.reference = "Enter your reference";
    else if (!reference) {
      errors.reference = "Enter a reference in the right format, like K7M2-Q9TX-4";
    }
    if (values.secret === "") {
      errors.secret = "Enter the email address you gave us, or your tracking code";
    }
    if (!reference || errors.secret) {
      reply.code(422);
      return renderFind(reply, { values, errors });
    }

    const byReference = perReference.hit(reference);
    if (!byReference.allowed) return renderTooMany(reply, byReference.retryAfterSeconds, "find");

    const caseId = await findCaseByReferenceAndSecret(database.db, reference, values.secret);
    if (!caseId) {
      // The same page whether the reference does not exist or the details do not match it,
      // and what was typed is not shown again, so the answer depends on nothing we hold.
      reply.code(422);
      return renderFind(reply, { errors: { reference: NOT_FOUND } });
    }
    // A new session id (keeping a journey in another tab), so an id planted or seen before
    // cannot be used to read the case.
    const session = await request.rotateSession(reply);
    session.data.trackedCase = {
      caseId,
      grantedAt: now().toISOString(),
    } satisfies TrackedCase;
    await request.saveSession(session);
    return reply.redirect("/track/report", 303);
  });

  /** The reporter's case as the page shows it, or undefined when it no longer exists. */
  async function loadReport(caseId: string) {
    const db = database.db;
    const row = await db
      .selectFrom("cases")
      .select(["id", "reference", "form_id", "team_id", "status", "outcome", "created_at"])
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!row) return undefined;
    const events = await db
      .selectFrom("case_events")
      .select(["id", "at", "kind", "data"])
      .where("case_id", "=", caseId)
      .where("visibility", "=", "public")
      .orderBy("at")
      .orderBy("id")
      .execute();
    const teamIds = new Set<string>([row.team_id]);
    for (const event of events) {
      const team = teamOf(event.data);
      if (team) teamIds.add(team);
    }
    const teams = await db
      .selectFrom("teams")
      .select(["id", "name"])
      .where("id", "in", [...teamIds])
      .execute();
    const teamName = (id: string) => teams.find((t) => t.id === id)?.name;
    const status = row.status as CaseStatus;
    const team = teamName(row.team_id) ?? "Police";
    return {
      id: row.id,
      reference: row.reference,
      service: forms.get(row.form_id)?.title ?? "Your report",
      sensitive: forms.get(row.form_id)?.sensitive ?? false,
      status,
      statusText: STATUS_FOR_PUBLIC[status] ?? "We are working on your report",
      outcome: status === "closed" ? outcomeText(row.outcome) : undefined,
      closed: status === "closed",
      awaitingInformation: status === "awaiting-information",
      team,
      sentOn: formatUkDate(row.created_at),
      timeline: publicTimeline(events, { teamName, fallbackTeam: team }),
    };
  }

  function renderReport(
    reply: FastifyReply,
    report: NonNullable<Awaited<ReturnType<typeof loadReport>>>,
    state: { message?: string; error?: string; replySent?: boolean } = {},
  ) {
    return reply.render("track/report.njk", {
      title: "Your report",
      report,
      sensitive: report.sensitive,
      message: state.message ?? "",
      messageError: state.error,
      summaryRows: [
        { key: { text: "Reference" }, value: { text: report.reference } },
        { key: { text: "Sent on" }, value: { text: report.sentOn } },
        { key: { text: "Status" }, value: { text: report.statusText } },
        ...(report.outcome ? [{ key: { text: "Outcome" }, value: { text: report.outcome } }] : []),
        { key: { text: "Dealt with by" }, value: { text: report.team } },
      ],
      maxLength: REPLY_MAX_LENGTH,
      replySent: state.replySent ?? false,
      errorList: state.error ? [{ text: state.error, href: "#message" }] : [],
    });
  }

  app.get("/track/report", async (request, reply) => {
    const current = await currentGrant(request);
    if (!current) return reply.redirect("/track", 303);
    const report = await loadReport(current.grant.caseId);
    if (!report) {
      await forgetGrant(request);
      return reply.redirect("/track", 303);
    }
    // "Your message has been sent" shows once, after the redirect that follows sending it.
    const replySent = current.grant.replySent === true;
    if (replySent) {
      delete current.grant.replySent;
      await request.saveSession(current.session);
    }
    return renderReport(reply, report, { replySent });
  });

  app.post<{ Body: ReplyBody }>("/track/report/reply", async (request, reply) => {
    const current = await currentGrant(request);
    if (!current) return reply.redirect("/track", 303);
    const { grant, session } = current;
    const limit = repliesPerCase.hit(grant.caseId);
    if (!limit.allowed) return renderTooMany(reply, limit.retryAfterSeconds, "reply");

    const report = await loadReport(grant.caseId);
    if (!report) {
      await forgetGrant(request);
      return reply.redirect("/track", 303);
    }
    // Replies are closed with the case; the page says to call 101 instead.
    if (report.closed) return reply.redirect("/track/report", 303);

    const raw = text(request.body?.message);
    const message = normaliseReply(raw);
    const error = replyError(message);
    if (error) {
      reply.code(422);
      return renderReport(reply, report, { message: raw, error });
    }
    const added = await addReply(database.db, {
      caseId: grant.caseId,
      text: message,
      now: now(),
      publicUrl: config.publicUrl,
    });
    if (added) {
      grant.replySent = true;
      await request.saveSession(session);
    }
    return reply.redirect("/track/report", 303);
  });

  app.get("/track/sign-out", async (request, reply) => {
    await forgetGrant(request);
    return reply.render("track/signed-out.njk", { title: "You have signed out of your report" });
  });
}
