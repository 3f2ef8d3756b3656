// /staff/account/password: a member of staff changes their own password. They give their
// current one first, so a session someone else has got hold of (a screen left unlocked)
// cannot take over the account, and a wrong one counts towards the lock like a wrong
// password at sign-in. A change ends every other session of the account, as an admin's
// reset does; the session it was made in carries on, under a new token. The person is told
// by email, in case it was not them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type Body, byField, type ErrorItem, redirectWith, takeFlash } from "../admin/forms.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { enqueue, isEmailAddress } from "../outbox/index.ts";
import { formatUkDateTime } from "../platform/uk-time.ts";
import { countAttempt, findStaffById, withdrawAttempt } from "./accounts.ts";
import { audit } from "./audit.ts";
import { guessLimit } from "./auth-routes.ts";
import { type StaffSessionData, staffData } from "./guard.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";

export const CHANGE_PASSWORD_PATH = "/staff/account/password";

/** A password field as sent: never trimmed, as spaces may be part of a password. */
function secret(body: Body | undefined, name: string): string {
  const value = body?.[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

export type PasswordChange = { current: string; password: string; confirm: string };

/** What is wrong with the form as filled in, before the current password is checked. */
export function passwordChangeProblems(change: PasswordChange): ErrorItem[] {
  const errors: ErrorItem[] = [];
  if (!change.current) errors.push({ text: "Enter your current password", href: "#current" });
  const problem = change.password
    ? passwordProblem(change.password, "Your new password")
    : "Enter a new password";
  if (problem) errors.push({ text: problem, href: "#password" });
  else if (change.current && change.password === change.current)
    errors.push({
      text: "Your new password must be different from your current password",
      href: "#password",
    });
  if (!change.confirm) errors.push({ text: "Enter your new password again", href: "#confirm" });
  else if (!problem && change.confirm !== change.password)
    errors.push({
      text: "The passwords do not match. Enter your new password again",
      href: "#confirm",
    });
  return errors;
}

export async function staffPasswordRoutes(
  app: FastifyInstance,
  options: { config: Config; db: Kysely<Database>; now: () => Date; wakeOutbox: () => void },
) {
  const { db, now, config, wakeOutbox } = options;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errorList: ErrorItem[] = [],
  ) => {
    return reply.render("staff/change-password.njk", {
      title: "Change your password",
      flash: errorList.length ? undefined : await takeFlash(request),
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: [{ text: "Back office", href: "/staff" }],
    });
  };

  app.get(CHANGE_PASSWORD_PATH, async (request, reply) => render(request, reply));

  app.post<{ Body: Body }>(
    CHANGE_PASSWORD_PATH,
    { config: guessLimit(config) },
    async (request, reply) => {
      const change: PasswordChange = {
        current: secret(request.body, "current"),
        password: secret(request.body, "password"),
        confirm: secret(request.body, "confirm"),
      };
      // Passwords are never put back into the form: each error asks for them again.
      const errors = passwordChangeProblems(change);
      if (errors.length) return render(request, reply.code(422), errors);

      const staffId = request.staff!.id;
      const account = await findStaffById(db, staffId);
      const at = now();
      // Gone or deactivated since the gate let the request in: the gate signs them out.
      if (!account?.active) return reply.redirect(CHANGE_PASSWORD_PATH, 303);
      // Counted before it is checked, as at sign-in (see countAttempt): a wrong current
      // password counts towards the same lock, and a locked account is not checked at all.
      if (!(await countAttempt(db, staffId, at))) {
        await audit(db, { staffId, action: "password-change-failed" }, at);
        return render(request, reply.code(422), [
          {
            text: "Your account is locked because of too many wrong attempts. Try again later, or ask an administrator to unlock it",
            href: "#current",
          },
        ]);
      }
      if (!(await verifyPassword(change.current, account.password_hash))) {
        await audit(db, { staffId, action: "password-change-failed" }, at);
        return render(request, reply.code(422), [
          { text: "The current password you entered is not right", href: "#current" },
        ]);
      }

      const hash = await hashPassword(change.password);
      const changedAt = now();
      const changing = db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("staff")
          .set({
            password_hash: hash,
            failed_attempts: 0,
            locked_until: null,
            // Every session of the account that proved its credentials before this ends.
            credentials_changed_at: changedAt.toISOString(),
          })
          .where("id", "=", staffId)
          // Only the password just checked: if an admin reset it or deactivated the account
          // while this request was hashing, their change stands and this one is dropped.
          .where("password_hash", "=", account.password_hash)
          .where("active", "=", 1)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
        await audit(trx, { staffId, action: "password-changed" }, changedAt);
        // Told by email too, in the same transaction: if it was not them, they hear of it even
        // though whoever did it is now the one signed in. (An address the outbox would refuse
        // must not undo the change: accounts made before addresses were checked.)
        if (!isEmailAddress(account.email)) {
          request.log.warn(
            { staffId },
            "password changed; no email sent: the account's address is not one the outbox takes",
          );
          return true;
        }
        await enqueue(
          trx,
          {
            channel: "email",
            to: account.email,
            subject: `Your ${config.brand.forceName} back-office password was changed`,
            text: [
              `Your password for the ${config.brand.forceName} back office was changed on ${formatUkDateTime(changedAt)}. Anyone signed in to your account on another device or browser has been signed out.`,
              "",
              "If you changed it, you do not need to do anything.",
              "",
              "If you did not, tell an administrator straight away. They can reset your password and sign out whoever changed it.",
              "",
              `${config.publicUrl}/staff`,
            ].join("\n"),
          },
          { now: changedAt },
        );
        return true;
      });
      // The right password's counted attempt is taken back if the change does not happen
      // (the database failed, or it was reset or deactivated meanwhile).
      const changed = await changing.catch(async (error: unknown) => {
        await withdrawAttempt(db, staffId, at).catch(() => {});
        throw error;
      });
      if (!changed) {
        await withdrawAttempt(db, staffId, at);
        // The gate signs this session out on the way back.
        return reply.redirect(CHANGE_PASSWORD_PATH, 303);
      }
      wakeOutbox();

      // This session has just proved the new credentials: it carries on, under a new token.
      const session = await request.rotateSession(reply);
      const data = staffData(session);
      if (data)
        session.data.staff = {
          ...data,
          proven: changedAt.toISOString(),
        } satisfies StaffSessionData;
      return redirectWith(request, reply, CHANGE_PASSWORD_PATH, {
        text: "Your password has been changed. You have been signed out on any other devices or browsers.",
      });
    },
  );
}
