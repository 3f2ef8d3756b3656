// The case page (GET /staff/cases/:caseId) and the changes made from it, each a POST that
// answers 303 back to the page (POST/redirect/GET), or 422 with the GOV.UK error summary.
//
// Every refusal is decided before anything is read or changed: a case you may not see is
// "not found", an action your role does not allow is "you cannot do this". A case marked
// sensitive asks why you are opening it first; the reason goes in the audit log with every
// view and change of it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  allowedNextStatuses,
  canMove,
  isOutcome,
  OUTCOMES,
  STATUS_LABELS,
} from "../cases/status.ts";
import type { CasePriority, CaseStatus } from "../cases/tables.ts";
import { formatNumber } from "../platform/numbers.ts";
import { formatUkDate, formatUkDateTime } from "../platform/uk-time.ts";
import { audit } from "../staff/audit.ts";
import { type Action, can, type StaffMember } from "../staff/policy.ts";
import { type CaseRow, caseAccess, findCase } from "./access.ts";
import { type CaseFile, loadCaseFile } from "./case-file.ts";
import {
  addNote,
  assignCase,
  auditView,
  type ChangeContext,
  type ChangeResult,
  changePriority,
  changeStatus,
  messageReporter,
} from "./changes.ts";
import { type ErrorItem, field, renderRefusal, staffOf, text } from "./http.ts";
import { PRIORITY_LABELS } from "./queue.ts";
import { PRIORITY_TAGS, STATUS_TAGS } from "./queue-routes.ts";
import { checkReason, REASON_MAX_LENGTH, rememberReason, statedReason } from "./reasons.ts";
import type { CaseworkOptions } from "./routes.ts";

export const NOTE_MAX_LENGTH = 5000;
export const MESSAGE_MAX_LENGTH = 2000;

type CaseRequest = { Params: { caseId: string }; Querystring: Record<string, unknown> };

/** What the page says after a change (?done=…), so the person knows it worked. */
const DONE: Record<string, string> = {
  assigned: "The case has been assigned",
  status: "The status has been changed",
  priority: "The priority has been changed",
  note: "Your note has been added",
  message: "Your message has been sent to the reporter",
};

const CONFLICT =
  "Someone else changed this case while you were looking at it. Check it again, then make your change";

type Values = Record<string, string>;

type Outcome =
  | { done: keyof typeof DONE }
  | { unchanged: true }
  | { errors: ErrorItem[]; values: Values };

export async function caseRoutes(app: FastifyInstance, options: CaseworkOptions) {
  const { db, forms, config, now } = options;

  function caseView(
    staff: StaffMember,
    file: CaseFile,
    extra: { errorList?: ErrorItem[]; values?: Values; done?: string },
  ) {
    const c = file.theCase;
    const status = c.status;
    const next = allowedNextStatuses(status);
    const values = extra.values ?? {};
    const outcome = c.outcome ? OUTCOMES[c.outcome as keyof typeof OUTCOMES] : undefined;
    const errorFor = (id: string) => extra.errorList?.find((e) => e.href === `#${id}`)?.text;
    return {
      title: `Case ${c.reference}`,
      errorList: extra.errorList,
      done: extra.done && Object.hasOwn(DONE, extra.done) ? DONE[extra.done] : undefined,
      theCase: c,
      file,
      queueHref: `/staff/queues/${encodeURIComponent(c.team_id)}`,
      statusText: STATUS_LABELS[status],
      statusHint: `It is ${STATUS_LABELS[status].toLowerCase()} now. The reporter sees the new status on track your report${c.reporter_email ? ", and we email them to say there is news" : ""}.`,
      statusTag: STATUS_TAGS[status],
      outcome,
      priorityText: PRIORITY_LABELS[c.priority] ?? c.priority,
      priorityTag: PRIORITY_TAGS[c.priority] ?? "govuk-tag--grey",
      received: formatUkDateTime(c.created_at),
      target: formatUkDateTime(c.due_at),
      targetDate: formatUkDate(c.due_at),
      reporterHasEmail: Boolean(c.reporter_email),
      isOwner: c.owner_id === staff.id,
      can: {
        assignSelf: can(staff, "case:assign-self"),
        assignOthers: can(staff, "case:assign-others"),
        changeStatus: can(staff, "case:change-status"),
        changePriority: can(staff, "case:change-priority"),
        addNote: can(staff, "case:add-note"),
        message: can(staff, "case:message-reporter"),
        audit: can(staff, "audit:view"),
      },
      auditHref: `/staff/audit?reference=${encodeURIComponent(c.reference)}`,
      ownerItems: [
        ...(c.owner_id ? [{ value: "nobody", text: "No one (unassigned)" }] : []),
        ...file.members.map((m) => ({
          value: m.id,
          text: m.id === staff.id ? `${m.name} (you)` : m.name,
        })),
      ].map((item) => ({
        ...item,
        selected: values.owner ? values.owner === item.value : item.value === c.owner_id,
      })),
      statusItems: next.map((to) => ({
        value: to,
        text:
          status === "closed" && to === "in-progress" ? "Reopen (In progress)" : STATUS_LABELS[to],
        checked: values.status === to,
      })),
      outcomeItems: [
        { value: "", text: "Select an outcome" },
        ...Object.entries(OUTCOMES).map(([value, label]) => ({
          value,
          text: label,
          selected: values.outcome === value,
        })),
      ],
      canClose: next.includes("closed"),
      priorityItems: (Object.entries(PRIORITY_LABELS) as Array<[CasePriority, string]>).map(
        ([value, label]) => ({
          value,
          text: label,
          selected: (values.priority ?? c.priority) === value,
        }),
      ),
      values,
      errors: {
        owner: errorFor("owner"),
        status: errorFor("status"),
        outcome: errorFor("outcome"),
        priority: errorFor("priority"),
        note: errorFor("note"),
        message: errorFor("message"),
      },
      noteMaxLength: NOTE_MAX_LENGTH,
      messageMaxLength: MESSAGE_MAX_LENGTH,
    };
  }

  /** Shows the case, and records that this person saw it (and why, if it is sensitive). */
  async function showCase(
    request: FastifyRequest,
    reply: FastifyReply,
    theCase: CaseRow,
    extra: { code?: number; errorList?: ErrorItem[]; values?: Values; done?: string } = {},
  ) {
    const staff = staffOf(request);
    const at = now();
    const file = await loadCaseFile(db, forms, theCase, at);
    const reason = theCase.sensitive ? await statedReason(request, theCase.id) : undefined;
    await auditView(
      db,
      {
        staffId: staff.id,
        caseId: theCase.id,
        reason,
        detail: extra.errorList ? { refused: extra.errorList.map((e) => e.href) } : undefined,
      },
      at,
    );
    return reply
      .code(extra.code ?? 200)
      .header("cache-control", "no-store")
      .render("staff/cases/case.njk", caseView(staff, file, extra));
  }

  function renderReasonPage(
    reply: FastifyReply,
    theCase: CaseRow,
    extra: { code?: number; error?: string; reason?: string } = {},
  ) {
    return reply
      .code(extra.code ?? 200)
      .header("cache-control", "no-store")
      .render("staff/cases/reason.njk", {
        title: "Why are you opening this case?",
        theCase,
        queueHref: `/staff/queues/${encodeURIComponent(theCase.team_id)}`,
        errorList: extra.error ? [{ text: extra.error, href: "#reason" }] : undefined,
        error: extra.error,
        reason: extra.reason,
        maxLength: REASON_MAX_LENGTH,
      });
  }

  app.get<CaseRequest>("/staff/cases/:caseId", async (request, reply) => {
    const staff = staffOf(request);
    const theCase = await findCase(db, request.params.caseId);
    const access = caseAccess(staff, theCase, "case:view");
    if (access !== "allowed" || !theCase)
      return renderRefusal(reply, access === "allowed" ? "not-found" : access);
    if (theCase.sensitive && !(await statedReason(request, theCase.id))) {
      return renderReasonPage(reply, theCase);
    }
    const done = typeof request.query.done === "string" ? request.query.done : undefined;
    return showCase(request, reply, theCase, { done });
  });

  app.post<CaseRequest>("/staff/cases/:caseId/reason", async (request, reply) => {
    const staff = staffOf(request);
    const theCase = await findCase(db, request.params.caseId);
    const access = caseAccess(staff, theCase, "case:view-sensitive");
    if (access !== "allowed" || !theCase)
      return renderRefusal(reply, access === "allowed" ? "not-found" : access);
    const checked = checkReason(field(request.body, "reason"));
    if ("error" in checked) {
      return renderReasonPage(reply, theCase, {
        code: 422,
        error: checked.error,
        reason: field(request.body, "reason"),
      });
    }
    await audit(
      db,
      {
        staffId: staff.id,
        action: "case:state-reason",
        caseId: theCase.id,
        reason: checked.reason,
      },
      now(),
    );
    await rememberReason(request, theCase.id, checked.reason);
    return reply.redirect(`/staff/cases/${theCase.id}`, 303);
  });

  /**
   * One change from the case page: refusals first (not found, then the role's action), then
   * the sensitive case's reason, then the change itself.
   */
  function caseChange(
    path: string,
    actionFor: (body: unknown, staff: StaffMember) => Action,
    change: (input: {
      staff: StaffMember;
      theCase: CaseRow;
      body: unknown;
      context: ChangeContext;
    }) => Promise<Outcome>,
  ) {
    app.post<CaseRequest>(`/staff/cases/:caseId/${path}`, async (request, reply) => {
      const staff = staffOf(request);
      const theCase = await findCase(db, request.params.caseId);
      const access = caseAccess(staff, theCase, actionFor(request.body, staff));
      if (access !== "allowed" || !theCase)
        return renderRefusal(reply, access === "allowed" ? "not-found" : access);
      const reason = theCase.sensitive ? await statedReason(request, theCase.id) : undefined;
      if (theCase.sensitive && !reason) return reply.redirect(`/staff/cases/${theCase.id}`, 303);
      const context: ChangeContext = {
        staff,
        caseId: theCase.id,
        now: now(),
        reason,
        forceName: config.brand.forceName,
        publicUrl: config.publicUrl,
      };
      const outcome = await change({ staff, theCase, body: request.body, context });
      if ("errors" in outcome) {
        // Show the case as it is now (it may have changed), with what was typed kept.
        const current = (await findCase(db, theCase.id)) ?? theCase;
        return showCase(request, reply, current, {
          code: 422,
          errorList: outcome.errors,
          values: outcome.values,
        });
      }
      const done = "done" in outcome ? `?done=${outcome.done}` : "";
      return reply.redirect(`/staff/cases/${theCase.id}${done}`, 303);
    });
  }

  const result = (
    changed: ChangeResult,
    done: keyof typeof DONE,
    values: Values,
    href: string,
  ): Outcome => (changed.ok ? { done } : { errors: [{ text: CONFLICT, href }], values });

  caseChange(
    "assign",
    (body, staff) => {
      const owner = field(body, "owner");
      return owner === "me" || owner === staff.id ? "case:assign-self" : "case:assign-others";
    },
    async ({ staff, theCase, body, context }) => {
      const owner = field(body, "owner") ?? "";
      const values = { owner };
      let to: string | null;
      if (owner === "me" || owner === staff.id) to = staff.id;
      else if (owner === "nobody") to = null;
      else {
        const members = (await loadCaseFile(db, forms, theCase, context.now)).members;
        if (!members.some((m) => m.id === owner)) {
          return {
            errors: [{ text: "Select someone in this team to assign the case to", href: "#owner" }],
            values,
          };
        }
        to = owner;
      }
      if (to === theCase.owner_id) return { unchanged: true };
      return result(
        await assignCase(db, context, { from: theCase.owner_id, to }),
        "assigned",
        values,
        "#owner",
      );
    },
  );

  caseChange(
    "status",
    () => "case:change-status",
    async ({ theCase, body, context }) => {
      const to = field(body, "status") ?? "";
      const outcome = field(body, "outcome") ?? "";
      const values = { status: to, outcome };
      const from = theCase.status;
      if (!Object.hasOwn(STATUS_LABELS, to)) {
        return { errors: [{ text: "Select the new status", href: "#status" }], values };
      }
      if (!canMove(from, to as CaseStatus)) {
        return {
          errors: [
            {
              text: `A case that is ${STATUS_LABELS[from].toLowerCase()} cannot be moved to ${STATUS_LABELS[to as CaseStatus].toLowerCase()}`,
              href: "#status",
            },
          ],
          values,
        };
      }
      if (to === "closed" && !isOutcome(outcome)) {
        return { errors: [{ text: "Select the outcome of the case", href: "#outcome" }], values };
      }
      return result(
        await changeStatus(db, context, {
          from,
          to: to as CaseStatus,
          ...(to === "closed" ? { outcome } : {}),
        }),
        "status",
        values,
        "#status",
      );
    },
  );

  caseChange(
    "priority",
    () => "case:change-priority",
    async ({ theCase, body, context }) => {
      const to = field(body, "priority") ?? "";
      const values = { priority: to };
      if (!Object.hasOwn(PRIORITY_LABELS, to)) {
        return { errors: [{ text: "Select a priority", href: "#priority" }], values };
      }
      if (to === theCase.priority) return { unchanged: true };
      return result(
        await changePriority(db, context, { from: theCase.priority, to: to as CasePriority }),
        "priority",
        values,
        "#priority",
      );
    },
  );

  caseChange(
    "note",
    () => "case:add-note",
    async ({ body, context }) => {
      const note = text(field(body, "note"));
      const values = { note: field(body, "note") ?? "" };
      if (note === "") return { errors: [{ text: "Enter your note", href: "#note" }], values };
      if ([...note].length > NOTE_MAX_LENGTH) {
        return {
          errors: [
            {
              text: `Your note must be ${formatNumber(NOTE_MAX_LENGTH)} characters or less`,
              href: "#note",
            },
          ],
          values,
        };
      }
      return result(await addNote(db, context, note), "note", values, "#note");
    },
  );

  caseChange(
    "message",
    () => "case:message-reporter",
    async ({ theCase, body, context }) => {
      const message = text(field(body, "message"));
      const values = { message: field(body, "message") ?? "" };
      if (message === "") {
        return {
          errors: [{ text: "Enter your message to the reporter", href: "#message" }],
          values,
        };
      }
      if ([...message].length > MESSAGE_MAX_LENGTH) {
        return {
          errors: [
            {
              text: `Your message must be ${formatNumber(MESSAGE_MAX_LENGTH)} characters or less`,
              href: "#message",
            },
          ],
          values,
        };
      }
      return result(
        await messageReporter(db, context, { text: message, teamId: theCase.team_id }),
        "message",
        values,
        "#message",
      );
    },
  );
}
