// /staff/neighbourhoods: the back office's editor for each area's team, priorities and
// events, which the public area page and the police.uk-style API show. A supervisor or an
// admin finds an area (by borough, or by name), then adds, changes or removes its people,
// priorities and events. Every change is audited and empties the pages the neighbourhood
// service keeps, so the public sees it at once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  type Body,
  byField,
  type ErrorItem,
  field,
  redirectWith,
  takeFlash,
} from "../admin/forms.ts";
import type { Database } from "../db/schema.ts";
import { renderNotFound } from "../platform/errors.ts";
import { audit } from "../staff/audit.ts";
import { requireAction } from "../staff/guard.ts";
import type { Db } from "./db.ts";
import {
  findBoroughBySlug,
  findNeighbourhood,
  listBoroughs,
  type Neighbourhood,
  type NeighbourhoodEvent,
  neighbourhoodsOfBorough,
  type Person,
  type Priority,
  removeTeamItem,
  saveEvent,
  savePerson,
  savePriority,
  searchByName,
  teamOf,
} from "./repository.ts";

const BASE = "/staff/neighbourhoods";

type Values = Record<string, string>;
type Table = "neighbourhood_people" | "neighbourhood_priorities" | "neighbourhood_events";
type Item = Person | Priority | NeighbourhoodEvent;

/** One field of an item's form, as the template draws it. */
type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  type: "text" | "textarea" | "date" | "time";
  width?: string;
};

type Kind = {
  table: Table;
  /** For the audit log's action names: neighbourhood-person-added and so on. */
  noun: string;
  addTitle: string;
  editTitle: string;
  fields: FieldSpec[];
  label: (item: Item) => string;
  valuesOf: (item: Item) => Values;
  /** The row to save, or the errors; `existing` is the item changed (undefined when adding). */
  check: (
    values: Values,
    neighbourhoodId: string,
    existing: Item | undefined,
    sortOrder: number,
  ) => { errors: ErrorItem[]; save?: (db: Db) => Promise<string> };
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})[:.](\d{2})$/;

function realDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value ? value : undefined;
}

function realTime(value: string): string | undefined {
  const m = TIME.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1].padStart(2, "0")}:${m[2]}`;
}

function checker(errors: ErrorItem[], values: Values) {
  return {
    required(name: string, empty: string, max: number, label: string) {
      const value = values[name] ?? "";
      if (value === "") errors.push({ text: empty, href: `#${name}` });
      else if (value.length > max)
        errors.push({ text: `${label} must be ${max} characters or fewer`, href: `#${name}` });
      return value;
    },
    optional(name: string, max: number, label: string) {
      const value = values[name] ?? "";
      if (value.length > max)
        errors.push({ text: `${label} must be ${max} characters or fewer`, href: `#${name}` });
      return value;
    },
    date(name: string, empty: string | undefined, label: string) {
      const value = values[name] ?? "";
      if (value === "") {
        if (empty) errors.push({ text: empty, href: `#${name}` });
        return undefined;
      }
      const date = realDate(value);
      if (!date)
        errors.push({ text: `${label} must be a real date, like 2026-12-04`, href: `#${name}` });
      return date;
    },
    time(name: string, empty: string | undefined, label: string) {
      const value = values[name] ?? "";
      if (value === "") {
        if (empty) errors.push({ text: empty, href: `#${name}` });
        return undefined;
      }
      const time = realTime(value);
      if (!time) errors.push({ text: `${label} must be a time, like 18:30`, href: `#${name}` });
      return time;
    },
  };
}

const DATE_HINT = "For example, 2026-12-04";
const TIME_HINT = "24-hour clock, for example 18:30";

const KINDS: Record<string, Kind> = {
  people: {
    table: "neighbourhood_people",
    noun: "person",
    addTitle: "Add a team member",
    editTitle: "Change a team member",
    fields: [
      { name: "name", label: "Name", type: "text" },
      {
        name: "rank",
        label: "Rank or role",
        hint: "For example, Sergeant or Police Community Support Officer",
        type: "text",
      },
      {
        name: "bio",
        label: "About them (optional)",
        hint: "Shown to the public through the API",
        type: "textarea",
      },
    ],
    label: (item) => (item as Person).name,
    valuesOf: (item) => {
      const p = item as Person;
      return { name: p.name, rank: p.rank, bio: p.bio };
    },
    check: (values, neighbourhoodId, existing, sortOrder) => {
      const errors: ErrorItem[] = [];
      const c = checker(errors, values);
      const name = c.required("name", "Enter their name", 100, "Name");
      const rank = c.required("rank", "Enter their rank or role", 100, "Rank or role");
      const bio = c.optional("bio", 2000, "About them");
      if (errors.length) return { errors };
      const old = existing as Person | undefined;
      return {
        errors,
        save: (db) =>
          savePerson(db, {
            id: old?.id,
            neighbourhood_id: neighbourhoodId,
            sort_order: old?.sort_order ?? sortOrder,
            name,
            rank,
            bio,
            contact_details: old?.contact_details ?? "{}",
          }),
      };
    },
  },
  priorities: {
    table: "neighbourhood_priorities",
    noun: "priority",
    addTitle: "Add a priority",
    editTitle: "Change a priority",
    fields: [
      {
        name: "issue",
        label: "The issue",
        hint: "What people told the team matters, for example Drug dealing near the station",
        type: "textarea",
      },
      { name: "issueDate", label: "Date it was set", hint: DATE_HINT, type: "date" },
      {
        name: "action",
        label: "What the team is doing about it (optional)",
        type: "textarea",
      },
      {
        name: "actionDate",
        label: "Date of the action (optional)",
        hint: DATE_HINT,
        type: "date",
      },
    ],
    label: (item) => (item as Priority).issue,
    valuesOf: (item) => {
      const p = item as Priority;
      return {
        issue: p.issue,
        issueDate: p.issue_date.slice(0, 10),
        action: p.action,
        actionDate: p.action_date?.slice(0, 10) ?? "",
      };
    },
    check: (values, neighbourhoodId, existing, sortOrder) => {
      const errors: ErrorItem[] = [];
      const c = checker(errors, values);
      const issue = c.required("issue", "Enter the issue", 500, "The issue");
      const issueDate = c.date("issueDate", "Enter the date it was set", "Date it was set");
      const action = c.optional("action", 2000, "What the team is doing");
      const actionDate = c.date("actionDate", undefined, "Date of the action");
      if (errors.length || !issueDate) return { errors };
      const old = existing as Priority | undefined;
      return {
        errors,
        save: (db) =>
          savePriority(db, {
            id: old?.id,
            neighbourhood_id: neighbourhoodId,
            sort_order: old?.sort_order ?? sortOrder,
            issue,
            issue_date: `${issueDate}T00:00:00`,
            action,
            action_date: actionDate ? `${actionDate}T00:00:00` : null,
          }),
      };
    },
  },
  events: {
    table: "neighbourhood_events",
    noun: "event",
    addTitle: "Add an event",
    editTitle: "Change an event",
    fields: [
      { name: "title", label: "Title", hint: "For example, Meet your team", type: "text" },
      {
        name: "type",
        label: "Type of event",
        hint: "For example, meeting or street surgery",
        type: "text",
        width: "govuk-input--width-20",
      },
      { name: "description", label: "Description (optional)", type: "textarea" },
      { name: "address", label: "Where", hint: "A place people can find", type: "text" },
      { name: "date", label: "Date", hint: DATE_HINT, type: "date" },
      { name: "startTime", label: "Start time", hint: TIME_HINT, type: "time" },
      { name: "endTime", label: "End time (optional)", hint: TIME_HINT, type: "time" },
    ],
    label: (item) => (item as NeighbourhoodEvent).title,
    valuesOf: (item) => {
      const e = item as NeighbourhoodEvent;
      return {
        title: e.title,
        type: e.type,
        description: e.description,
        address: e.address,
        date: e.start_date.slice(0, 10),
        startTime: e.start_date.slice(11, 16),
        endTime: e.end_date?.slice(11, 16) ?? "",
      };
    },
    check: (values, neighbourhoodId, existing) => {
      const errors: ErrorItem[] = [];
      const c = checker(errors, values);
      const title = c.required("title", "Enter a title", 200, "Title");
      const type = c.required("type", "Enter the type of event", 100, "Type of event");
      const description = c.optional("description", 2000, "Description");
      const address = c.required("address", "Enter where the event is", 300, "Where");
      const date = c.date("date", "Enter the date of the event", "Date");
      const start = c.time("startTime", "Enter the start time", "Start time");
      const end = c.time("endTime", undefined, "End time");
      if (start && end && end <= start)
        errors.push({ text: "End time must be after the start time", href: "#endTime" });
      if (errors.length || !date || !start) return { errors };
      const old = existing as NeighbourhoodEvent | undefined;
      return {
        errors,
        save: (db) =>
          saveEvent(db, {
            id: old?.id,
            neighbourhood_id: neighbourhoodId,
            title,
            type,
            description,
            address,
            start_date: `${date}T${start}:00`,
            end_date: end ? `${date}T${end}:00` : null,
            contact_details: old?.contact_details ?? "{}",
          }),
      };
    },
  },
};

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ITEM_ID = /^[A-Za-z0-9_.-]{1,100}$/;

export async function neighbourhoodAdminRoutes(
  app: FastifyInstance,
  options: { db: Kysely<Database>; now: () => Date; service: { invalidate(): void } },
) {
  const { db, now, service } = options;
  const allowed = { preHandler: requireAction("neighbourhood:edit") };

  const loadArea = (id: string) =>
    ID.test(id) ? findNeighbourhood(db, id) : Promise.resolve(undefined);

  const loadItem = async (kind: Kind, areaId: string, itemId: string) =>
    ITEM_ID.test(itemId)
      ? ((await db
          .selectFrom(kind.table)
          .selectAll()
          .where("id", "=", itemId)
          .where("neighbourhood_id", "=", areaId)
          .executeTakeFirst()) as Item | undefined)
      : undefined;

  const areaPath = (area: Neighbourhood) => `${BASE}/${encodeURIComponent(area.id)}`;
  const crumbs = (area?: Neighbourhood) => [
    { text: "Back office", href: "/staff" },
    { text: "Neighbourhoods", href: BASE },
    ...(area ? [{ text: area.name, href: areaPath(area) }] : []),
  ];

  app.get<{ Querystring: { q?: string; borough?: string } }>(
    BASE,
    allowed,
    async (request, reply) => {
      const q = typeof request.query.q === "string" ? request.query.q.trim().slice(0, 100) : "";
      const boroughSlug =
        typeof request.query.borough === "string" ? request.query.borough.slice(0, 100) : "";
      const borough = boroughSlug ? await findBoroughBySlug(db, boroughSlug) : undefined;
      if (boroughSlug && !borough) return renderNotFound(reply);
      const results = q ? (await searchByName(db, q)).neighbourhoods : undefined;
      return reply.render("staff/neighbourhoods/list.njk", {
        title: borough ? `Neighbourhoods in ${borough.name}` : "Neighbourhoods",
        q,
        borough,
        wards: borough ? await neighbourhoodsOfBorough(db, borough.id) : undefined,
        results,
        boroughs: borough || q ? undefined : await listBoroughs(db),
        breadcrumbs: borough || q ? crumbs() : undefined,
      });
    },
  );

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, allowed, async (request, reply) => {
    const area = await loadArea(request.params.id);
    if (!area) return renderNotFound(reply);
    const team = await teamOf(db, area.id);
    return reply.render("staff/neighbourhoods/area.njk", {
      title: area.name,
      area,
      areaPath: areaPath(area),
      publicPath: `/area/${area.borough_slug}/${area.slug}`,
      team: {
        people: team.people,
        priorities: team.priorities.map((p) => ({ ...p, ...KINDS.priorities.valuesOf(p) })),
        events: team.events.map((e) => ({ ...e, ...KINDS.events.valuesOf(e) })),
      },
      flash: await takeFlash(request),
      breadcrumbs: [
        crumbs()[0],
        crumbs()[1],
        { text: area.borough_name, href: `${BASE}?borough=${area.borough_slug}` },
      ],
    });
  });

  const renderItem = (
    reply: FastifyReply,
    area: Neighbourhood,
    kindName: string,
    item: Item | undefined,
    values: Values,
    errorList: ErrorItem[] = [],
  ) => {
    const kind = KINDS[kindName];
    return reply.render("staff/neighbourhoods/item.njk", {
      title: `${item ? kind.editTitle : kind.addTitle}: ${area.name}`,
      heading: item ? kind.editTitle : kind.addTitle,
      area,
      areaPath: areaPath(area),
      action: item
        ? `${areaPath(area)}/${kindName}/${encodeURIComponent(item.id)}`
        : `${areaPath(area)}/${kindName}/new`,
      fields: kind.fields,
      adding: !item,
      values,
      errorList,
      fieldErrors: byField(errorList),
    });
  };

  type ItemParams = { id: string; kind: string; itemId: string };

  /** The kind, the area and, for an existing item, the item; undefined when any is not there. */
  const resolve = async (params: { id: string; kind: string; itemId?: string }) => {
    const kind = Object.hasOwn(KINDS, params.kind) ? KINDS[params.kind] : undefined;
    const area = kind ? await loadArea(params.id) : undefined;
    if (!kind || !area) return undefined;
    if (params.itemId === undefined) return { kind, area, item: undefined };
    const item = await loadItem(kind, area.id, params.itemId);
    return item ? { kind, area, item } : undefined;
  };

  const formValues = (kind: Kind, body: Body | undefined): Values =>
    Object.fromEntries(kind.fields.map((f) => [f.name, field(body, f.name)]));

  const saveItem = async (
    request: FastifyRequest<{ Params: { id: string; kind: string; itemId?: string }; Body: Body }>,
    reply: FastifyReply,
  ) => {
    const found = await resolve(request.params);
    if (!found) return renderNotFound(reply);
    const { kind, area, item } = found;
    const values = formValues(kind, request.body);
    let sortOrder = 0;
    if (!item && kind.table !== "neighbourhood_events") {
      const team = await teamOf(db, area.id);
      const rows = kind.table === "neighbourhood_people" ? team.people : team.priorities;
      sortOrder = rows.reduce((max, r) => Math.max(max, Number(r.sort_order) + 1), 0);
    }
    const checked = kind.check(values, area.id, item, sortOrder);
    if (!checked.save)
      return renderItem(reply.code(422), area, request.params.kind, item, values, checked.errors);
    const save = checked.save;
    await db.transaction().execute(async (trx) => {
      const id = await save(trx);
      await audit(
        trx,
        {
          staffId: request.staff!.id,
          action: `neighbourhood-${kind.noun}-${item ? "changed" : "added"}`,
          detail: { neighbourhoodId: area.id, id, ...values },
        },
        now(),
      );
    });
    service.invalidate();
    const label = values[kind.fields[0].name];
    return redirectWith(request, reply, `${areaPath(area)}#${request.params.kind}`, {
      text: `“${label}” is ${item ? "saved" : "added"}.`,
    });
  };

  app.get<{ Params: Omit<ItemParams, "itemId"> }>(
    `${BASE}/:id/:kind/new`,
    allowed,
    async (request, reply) => {
      const found = await resolve(request.params);
      if (!found) return renderNotFound(reply);
      return renderItem(reply, found.area, request.params.kind, undefined, {});
    },
  );

  app.post<{ Params: Omit<ItemParams, "itemId">; Body: Body }>(
    `${BASE}/:id/:kind/new`,
    allowed,
    saveItem,
  );

  app.get<{ Params: ItemParams }>(`${BASE}/:id/:kind/:itemId`, allowed, async (request, reply) => {
    const found = await resolve(request.params);
    if (!found?.item) return renderNotFound(reply);
    return renderItem(
      reply,
      found.area,
      request.params.kind,
      found.item,
      found.kind.valuesOf(found.item),
    );
  });

  app.post<{ Params: ItemParams; Body: Body }>(`${BASE}/:id/:kind/:itemId`, allowed, saveItem);

  app.post<{ Params: ItemParams; Body: Body }>(
    `${BASE}/:id/:kind/:itemId/remove`,
    allowed,
    async (request, reply) => {
      const found = await resolve(request.params);
      if (!found?.item) return renderNotFound(reply);
      const { kind, area, item } = found;
      await db.transaction().execute(async (trx) => {
        await removeTeamItem(trx, kind.table, item.id);
        await audit(
          trx,
          {
            staffId: request.staff!.id,
            action: `neighbourhood-${kind.noun}-removed`,
            detail: { neighbourhoodId: area.id, id: item.id, ...kind.valuesOf(item) },
          },
          now(),
        );
      });
      service.invalidate();
      return redirectWith(request, reply, `${areaPath(area)}#${request.params.kind}`, {
        text: `“${kind.label(item)}” is removed.`,
      });
    },
  );
}
