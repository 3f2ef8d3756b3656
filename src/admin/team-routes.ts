// /staff/admin/teams: the teams and their queues. An admin adds a team, changes its queue
// settings (the webhook secret is never shown again, only whether one is set) and who is in it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { TeamTable } from "../cases/tables.ts";
import { findTeam } from "../cases/teams.ts";
import type { Database } from "../db/schema.ts";
import { renderNotFound } from "../platform/errors.ts";
import { findStaffByEmail } from "../staff/accounts.ts";
import { requireAction } from "../staff/guard.ts";
import {
  type Body,
  byField,
  type ErrorItem,
  field,
  redirectWith,
  takeFlash,
  wrappable,
} from "./forms.ts";
import { ROLE_NAMES } from "./staff-accounts.ts";
import {
  addMember,
  checkTeam,
  createTeam,
  listMembers,
  listTeamSummaries,
  removeMember,
  type TeamInput,
  updateTeam,
} from "./teams.ts";

const BASE = "/staff/admin/teams";

function teamInput(body: Body | undefined): TeamInput {
  return {
    id: field(body, "id"),
    name: field(body, "name"),
    areaCode: field(body, "areaCode"),
    alertEmail: field(body, "alertEmail"),
    targetHours: field(body, "targetHours"),
    webhookUrl: field(body, "webhookUrl"),
    webhookSecret: field(body, "webhookSecret"),
  };
}

function valuesOf(team: TeamTable) {
  return {
    name: team.name,
    areaCode: team.area_code ?? "",
    alertEmail: team.alert_email ?? "",
    targetHours: String(team.target_hours),
    webhookUrl: team.webhook_url ?? "",
  };
}

export async function teamRoutes(
  app: FastifyInstance,
  options: { db: Kysely<Database>; now: () => Date },
) {
  const { db, now } = options;
  const allowed = { preHandler: requireAction("teams:manage") };

  app.get(BASE, allowed, async (request, reply) => {
    const teams = await listTeamSummaries(db);
    return reply.render("staff/admin/teams-list.njk", {
      title: "Teams",
      flash: await takeFlash(request),
      teams: teams.map((t) => ({ ...t, idHtml: wrappable(t.id) })),
    });
  });

  const renderNew = (
    reply: FastifyReply,
    values: Record<string, string>,
    errorList: ErrorItem[] = [],
  ) =>
    reply.render("staff/admin/team-new.njk", {
      title: "Add a team",
      values,
      errorList,
      fieldErrors: byField(errorList),
    });

  app.get(`${BASE}/new`, allowed, async (_request, reply) =>
    renderNew(reply, { targetHours: "72" }),
  );

  app.post<{ Body: Body }>(`${BASE}/new`, allowed, async (request, reply) => {
    const input = teamInput(request.body);
    const { errors, settings, id } = await checkTeam(db, input, undefined);
    if (!settings) return renderNew(reply.code(422), { ...input, webhookSecret: "" }, errors);
    await createTeam(db, id, settings, request.staff!.id, now());
    return redirectWith(request, reply, `${BASE}/${id}`, {
      text: `${settings.name} is added. Add its members below.`,
    });
  });

  const renderTeam = async (
    request: FastifyRequest,
    reply: FastifyReply,
    team: TeamTable,
    values: Record<string, string>,
    errorList: ErrorItem[] = [],
  ) => {
    const members = await listMembers(db, team.id);
    return reply.render("staff/admin/team.njk", {
      title: team.name,
      team: { ...team, idHtml: wrappable(team.id) },
      webhookSecretSet: team.webhook_secret !== null,
      members: members.map((m) => ({
        ...m,
        emailHtml: wrappable(m.email),
        roleName: ROLE_NAMES[m.role as keyof typeof ROLE_NAMES] ?? m.role,
      })),
      flash: await takeFlash(request),
      values,
      errorList,
      fieldErrors: byField(errorList),
      breadcrumbs: [
        { text: "Back office", href: "/staff" },
        { text: "Teams", href: BASE },
      ],
    });
  };

  const loadTeam = (id: string) =>
    /^[a-z0-9-]{1,64}$/.test(id) ? findTeam(db, id) : Promise.resolve(undefined);

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, allowed, async (request, reply) => {
    const team = await loadTeam(request.params.id);
    if (!team) return renderNotFound(reply);
    return renderTeam(request, reply, team, valuesOf(team));
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id`,
    allowed,
    async (request, reply) => {
      const team = await loadTeam(request.params.id);
      if (!team) return renderNotFound(reply);
      const input = teamInput(request.body);
      const { errors, settings } = await checkTeam(db, input, team);
      if (!settings) {
        const { webhookSecret: _secret, id: _id, ...values } = input;
        return renderTeam(request, reply.code(422), team, values, errors);
      }
      await updateTeam(db, team, settings, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${team.id}`, {
        text: `${settings.name} is saved.`,
      });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    `${BASE}/:id/members`,
    allowed,
    async (request, reply) => {
      const team = await loadTeam(request.params.id);
      if (!team) return renderNotFound(reply);
      const email = field(request.body, "email");
      const account = email ? await findStaffByEmail(db, email) : undefined;
      if (!account) {
        const text = email
          ? "There is no staff account with this email address"
          : "Enter the email address of the person to add";
        return renderTeam(
          request,
          reply.code(422),
          team,
          { ...valuesOf(team), memberEmail: email },
          [{ text, href: "#email" }],
        );
      }
      const added = await addMember(db, team.id, account.id, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${team.id}#members`, {
        text: added
          ? `${account.name} is now in ${team.name}.`
          : `${account.name} was already in ${team.name}.`,
      });
    },
  );

  app.post<{ Params: { id: string; staffId: string }; Body: Body }>(
    `${BASE}/:id/members/:staffId/remove`,
    allowed,
    async (request, reply) => {
      const team = await loadTeam(request.params.id);
      if (!team) return renderNotFound(reply);
      const member = (await listMembers(db, team.id)).find((m) => m.id === request.params.staffId);
      if (!member) return renderNotFound(reply);
      await removeMember(db, team.id, member.id, request.staff!.id, now());
      return redirectWith(request, reply, `${BASE}/${team.id}#members`, {
        text: `${member.name} is no longer in ${team.name}.`,
      });
    },
  );
}
