// /staff/admin/staff: the staff accounts. An admin lists them, adds one (with a password
// made for them and shown once, or one the admin sets), changes a name, role or teams, and
// deactivates, reactivates, unlocks, resets the second factor or the password. An admin
// cannot deactivate themselves or take away their own admin role, so the last admin cannot
// lock everyone out by mistake.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { listTeams } from "../cases/teams.ts";
import type { Database } from "../db/schema.ts";
import { renderNotFound } from "../platform/errors.ts";
import { ROLES } from "../staff/accounts.ts";
import { requireAction } from "../staff/guard.ts";
import {
  type Body,
  byField,
  type ErrorItem,
  field,
  fields,
  formatDateTime,
  redirectWith,
  takeFlash,
  wrappable,
} from "./forms.ts";
import {
  ACCOUNT_ACTIONS,
  type AccountAction,
  accountActionProblem,
  applyAccountAction,
  checkAccountChanges,
  checkNewAccount,
  createAccount,
  findAccount,
  isRole,
  listAccounts,
  ROLE_HINTS,
  ROLE_NAMES,
  type StaffAccount,
  updateAccount,
} from "./staff-accounts.ts";

const BASE = "/staff/admin/staff";

const DONE: Record<AccountAction, (name: string) => string> = {
  deactivate: (name) => `${name}’s account is deactivated. They cannot sign in.`,
  reactivate: (name) => `${name}’s account is active again. They can sign in.`,
  unlock: (name) => `${name}’s account is unlocked. They can try to sign in again now.`,
  "reset-second-factor": (name) =>
    `${name} will set up their authenticator app again the next time they sign in.`,
  "reset-password": (name) => `${name} has a new password.`,
};

export async function staffAccountRoutes(
  app: FastifyInstance,
  options: { db: Kysely<Database>; now: () => Date },
) {
  const { db, now } = options;
  const allowed = { preHandler: requireAction("staff:manage") };

  const roleItems = (checked: string | undefined) =>
    ROLES.map((role) => ({
      value: role,
      text: ROLE_NAMES[role],
      hint: { text: ROLE_HINTS[role] },
      checked: role === checked,
    }));
  const teamItems = async (checked: string[]) =>
    (await listTeams(db)).map((team) => ({
      value: team.id,
      text: team.name,
      checked: checked.includes(team.id),
    }));

  app.get<{ Querystring: { q?: string } }>(BASE, allowed, async (request, reply) => {
    const search = typeof request.query.q === "string" ? request.query.q.trim() : "";
    const accounts = await listAccounts(db, now(), { search });
    return reply.render("staff/admin/staff-list.njk", {
      title: "Staff accounts",
      flash: await takeFlash(request),
      search,
      accounts: accounts.map((a) => ({
        ...a,
        emailHtml: wrappable(a.email),
        roleName: ROLE_NAMES[a.role],
      })),
    });
  });

  const renderNew = async (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errorList: ErrorItem[] = [],
  ) =>
    reply.render("staff/admin/staff-new.njk", {
      title: "Add a staff account",
      values,
      errorList,
      fieldErrors: byField(errorList),
      roleItems: roleItems(values.role as string | undefined),
      teamItems: await teamItems((values.teams as string[] | undefined) ?? []),
    });

  app.get(`${BASE}/new`, allowed, async (_request, reply) => renderNew(reply, {}));

  app.post<{ Body: Body }>(`${BASE}/new`, allowed, async (request, reply) => {
    const body = request.body;
    const input = {
      name: field(body, "name"),
      email: field(body, "email"),
      role: field(body, "role"),
      teamIds: fields(body, "teams"),
      // Not trimmed: spaces may be part of a password. Blank: one is made for them.
      password:
        typeof body?.password === "string" && body.password !== "" ? body.password : undefined,
    };
    const { errors, account } = await checkNewAccount(db, input);
    if (!account) {
      return renderNew(
        reply.code(422),
        { ...input, teams: input.teamIds, password: undefined },
        errors,
      );
    }
    const created = await createAccount(db, account, request.staff!.id, now());
    return redirectWith(request, reply, `${BASE}/${created.id}`, {
      text: `Account added for ${account.name}. They will set up an authenticator app the first time they sign in.`,
      ...(created.generated ? { password: created.password, accountId: created.id } : {}),
    });
  });

  const renderAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    account: StaffAccount,
    values: { name: string; role: string; teams: string[] },
    errorList: ErrorItem[] = [],
  ) => {
    const flash = await takeFlash(request);
    return reply.render("staff/admin/staff-account.njk", {
      title: account.name,
      account: {
        ...account,
        roleName: ROLE_NAMES[account.role],
        createdAtText: formatDateTime(account.createdAt),
        lockedUntilText: formatDateTime(account.lockedUntil),
      },
      // A password is shown only on the page of the account it belongs to.
      flash: flash?.accountId && flash.accountId !== account.id ? undefined : flash,
      self: account.id === request.staff!.id,
      values,
      errorList,
      fieldErrors: byField(errorList),
      roleItems: roleItems(values.role),
      teamItems: await teamItems(values.teams),
      breadcrumbs: [
        { text: "Back office", href: "/staff" },
        { text: "Staff accounts", href: BASE },
      ],
    });
  };

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, allowed, async (request, reply) => {
    const account = await findAccount(db, request.params.id, now());
    if (!account) return renderNotFound(reply);
    // The page may be the result of a change; never let a shown password sit in a cache.
    reply.header("cache-control", "no-store");
    return renderAccount(request, reply, account, {
      name: account.name,
      role: account.role,
      teams: account.teams.map((t) => t.id),
    });
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id`,
    allowed,
    async (request, reply) => {
      const account = await findAccount(db, request.params.id, now());
      if (!account) return renderNotFound(reply);
      const input = {
        name: field(request.body, "name"),
        role: field(request.body, "role"),
        teamIds: fields(request.body, "teams"),
      };
      const errors = await checkAccountChanges(db, account, request.staff!.id, input);
      if (errors.length > 0 || !isRole(input.role)) {
        return renderAccount(
          request,
          reply.code(422),
          account,
          { name: input.name, role: input.role, teams: input.teamIds },
          errors,
        );
      }
      await updateAccount(db, account, { ...input, role: input.role }, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${account.id}`, {
        text: `${input.name}’s account is saved.`,
      });
    },
  );

  app.post<{ Params: { id: string; action: string }; Body: Body }>(
    `${BASE}/:id/:action`,
    allowed,
    async (request, reply) => {
      const action = request.params.action as AccountAction;
      if (!ACCOUNT_ACTIONS.includes(action)) return renderNotFound(reply);
      const account = await findAccount(db, request.params.id, now());
      if (!account) return renderNotFound(reply);
      const problem = accountActionProblem(action, account, request.staff!.id);
      if (problem) {
        return renderAccount(
          request,
          reply.code(422),
          account,
          { name: account.name, role: account.role, teams: account.teams.map((t) => t.id) },
          [{ text: problem, href: "#account-actions" }],
        );
      }
      const { password } = await applyAccountAction(db, action, account, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${account.id}`, {
        text: DONE[action](account.name),
        ...(password ? { password, accountId: account.id } : {}),
      });
    },
  );
}
