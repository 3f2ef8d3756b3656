// Signing in to the back office: email and password, then a code from an authenticator app
// (set up on first sign-in). An unknown email, a wrong password and a locked account all
// get the same answer, after the same work, so the page never says which accounts exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import {
  clearFailedAttempts,
  countAttempt,
  findStaffByEmail,
  findStaffById,
  isLocked,
  withdrawAttempt,
} from "./accounts.ts";
import { audit } from "./audit.ts";
import { type StaffSessionData, staffData } from "./guard.ts";
import { DECOY_HASH, verifyPassword } from "./passwords.ts";
import { newTotpSecret, totpEnrolment, verifyTotp } from "./totp.ts";

type Body = Record<string, string | undefined>;

const NOT_RIGHT =
  "The email address or password is not right, or the account is locked. Try again, or ask an administrator.";
const CODE_NOT_RIGHT =
  "The code is not right. Enter the 6-digit code your authenticator app shows now";

/** Only a path inside the back office, so a crafted link cannot send someone elsewhere. */
function safeReturn(value: unknown): string {
  return typeof value === "string" &&
    /^\/staff(\/[\w\-/?=&.%]*)?$/.test(value) &&
    !value.startsWith("/staff/sign-in")
    ? value
    : "/staff";
}

/**
 * Route config for a form where a password or code can be guessed (signing in, changing your
 * password): far fewer attempts per client than other forms.
 */
export function guessLimit(config: Config) {
  return { rateLimit: { max: config.staffSignInLimit, timeWindow: "5 minutes" } };
}

export async function staffAuthRoutes(
  app: FastifyInstance,
  options: { config: Config; db: Kysely<Database>; now: () => Date },
) {
  const { db, now, config } = options;
  const signInLimit = guessLimit(config);

  const renderSignIn = (
    reply: FastifyReply,
    values: Body,
    errorList?: Array<{ text: string; href: string }>,
  ) =>
    reply.render("staff/sign-in.njk", {
      title: "Sign in to the back office",
      values,
      errorList,
      returnTo: values.returnTo,
    });

  app.get<{ Querystring: Body }>("/staff/sign-in", async (request, reply) =>
    renderSignIn(reply, {
      returnTo: safeReturn(request.query.returnTo),
      expired: request.query.expired,
    }),
  );

  app.post<{ Body: Body }>("/staff/sign-in", { config: signInLimit }, async (request, reply) => {
    const email = (request.body?.email ?? "").trim();
    const password = request.body?.password ?? "";
    const returnTo = safeReturn(request.body?.returnTo);
    const errors: Array<{ text: string; href: string }> = [];
    if (!email) errors.push({ text: "Enter your email address", href: "#email" });
    if (!password) errors.push({ text: "Enter your password", href: "#password" });
    if (errors.length) return renderSignIn(reply.code(422), { email, returnTo }, errors);

    const account = await findStaffByEmail(db, email);
    const at = now();
    // The attempt is counted before the password is checked (see countAttempt), so guesses
    // sent all at once cannot get past the lock; a locked account's is not counted.
    const counted = account?.active ? await countAttempt(db, account.id, at) : false;
    // Always run the password hash, so a missing or locked account takes as long as a wrong
    // password.
    const passwordRight = await verifyPassword(password, account?.password_hash ?? DECOY_HASH);
    if (!account || !account.active || !counted || !passwordRight) {
      await audit(db, { staffId: account?.id ?? null, action: "sign-in-failed" }, at);
      return renderSignIn(reply.code(422), { email, returnTo }, [
        { text: NOT_RIGHT, href: "#email" },
      ]);
    }
    await withdrawAttempt(db, account.id, at);
    const session = await request.rotateSession(reply);
    const data: StaffSessionData = {
      id: account.id,
      stage: "password",
      since: at.toISOString(),
      seen: at.toISOString(),
      returnTo,
    };
    session.data.staff = data;
    await request.saveSession(session);
    return reply.redirect(
      account.totp_secret ? "/staff/sign-in/code" : "/staff/sign-in/set-up",
      303,
    );
  });

  /** The account part-way through signing in, or a redirect back to the start. */
  async function pending(request: FastifyRequest) {
    const session = await request.getSession();
    const data = staffData(session);
    if (!session || !data || data.stage !== "password") return undefined;
    if (now().getTime() - Date.parse(data.seen) > 10 * 60_000) return undefined;
    const account = await findStaffById(db, data.id);
    if (!account || !account.active || isLocked(account, now())) return undefined;
    // A password given before an admin reset it is no longer a first step.
    const changed = account.credentials_changed_at;
    if (changed !== null && Date.parse(data.since) < Date.parse(changed)) return undefined;
    return { session, data, account };
  }

  async function finishSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    data: StaffSessionData,
  ) {
    const at = now().toISOString();
    const session = await request.rotateSession(reply);
    const returnTo = safeReturn(data.returnTo);
    session.data.staff = {
      id: data.id,
      stage: "signed-in",
      since: at,
      seen: at,
    } satisfies StaffSessionData;
    await request.saveSession(session);
    await clearFailedAttempts(db, data.id);
    await audit(db, { staffId: data.id, action: "sign-in" }, now());
    return reply.redirect(returnTo, 303);
  }

  const renderSetUp = async (
    reply: FastifyReply,
    secret: string,
    email: string,
    errorList?: Array<{ text: string; href: string }>,
  ) =>
    reply.render("staff/set-up-2fa.njk", {
      title: "Set up your authenticator app",
      enrolment: await totpEnrolment(secret, email, config.brand.forceName),
      errorList,
    });

  app.get("/staff/sign-in/set-up", async (request, reply) => {
    const state = await pending(request);
    if (!state || state.account.totp_secret) return reply.redirect("/staff/sign-in", 303);
    state.data.enrolling ??= newTotpSecret();
    await request.saveSession(state.session);
    return renderSetUp(reply, state.data.enrolling, state.account.email);
  });

  app.post<{ Body: Body }>(
    "/staff/sign-in/set-up",
    { config: signInLimit },
    async (request, reply) => {
      const state = await pending(request);
      if (!state || state.account.totp_secret || !state.data.enrolling)
        return reply.redirect("/staff/sign-in", 303);
      const code = request.body?.code ?? "";
      if (!verifyTotp(state.data.enrolling, code, now())) {
        const text = code.trim()
          ? CODE_NOT_RIGHT
          : "Enter the 6-digit code from your authenticator app";
        return renderSetUp(reply.code(422), state.data.enrolling, state.account.email, [
          { text, href: "#code" },
        ]);
      }
      await db
        .updateTable("staff")
        .set({ totp_secret: state.data.enrolling })
        .where("id", "=", state.account.id)
        .execute();
      await audit(db, { staffId: state.account.id, action: "second-factor-set-up" }, now());
      return finishSignIn(request, reply, state.data);
    },
  );

  const renderCode = (reply: FastifyReply, errorList?: Array<{ text: string; href: string }>) =>
    reply.render("staff/sign-in-code.njk", {
      title: "Enter the code from your authenticator app",
      errorList,
    });

  app.get("/staff/sign-in/code", async (request, reply) => {
    const state = await pending(request);
    if (!state || !state.account.totp_secret) return reply.redirect("/staff/sign-in", 303);
    return renderCode(reply);
  });

  app.post<{ Body: Body }>(
    "/staff/sign-in/code",
    { config: signInLimit },
    async (request, reply) => {
      const state = await pending(request);
      if (!state || !state.account.totp_secret) return reply.redirect("/staff/sign-in", 303);
      const code = request.body?.code ?? "";
      // Counted before it is checked, like a password (see countAttempt), so codes sent all at
      // once cannot get past the lock. A right code clears the count as it signs in.
      if (!(await countAttempt(db, state.account.id, now())))
        return reply.redirect("/staff/sign-in", 303);
      if (!verifyTotp(state.account.totp_secret, code, now())) {
        await audit(db, { staffId: state.account.id, action: "second-factor-failed" }, now());
        const text = code.trim()
          ? CODE_NOT_RIGHT
          : "Enter the 6-digit code from your authenticator app";
        return renderCode(reply.code(422), [{ text, href: "#code" }]);
      }
      return finishSignIn(request, reply, state.data);
    },
  );

  app.post("/staff/sign-out", async (request, reply) => {
    const data = staffData(await request.getSession());
    if (data) await audit(db, { staffId: data.id, action: "sign-out" }, now());
    await request.destroySession(reply);
    return reply.redirect("/staff/sign-in?signedOut=1", 303);
  });
}
