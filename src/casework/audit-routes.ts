// The audit log in the back office (GET /staff/audit): the latest entries first, filtered
// by a case's reference or by a member of staff's email address. Linked from each case page
// as that case's audit trail.
import type { FastifyInstance } from "fastify";
import { findStaffByEmail } from "../staff/accounts.ts";
import { requireAction } from "../staff/guard.ts";
import { canSeeCase } from "../staff/policy.ts";
import { parseReference } from "../submissions/reference.ts";
import { AUDIT_PAGE_SIZE, auditEntries } from "./audit-trail.ts";
import { type ErrorItem, field, hasControlCharacters, staffOf } from "./http.ts";
import type { CaseworkOptions } from "./routes.ts";

export async function auditRoutes(app: FastifyInstance, options: CaseworkOptions) {
  const { db } = options;

  app.get<{ Querystring: Record<string, unknown> }>(
    "/staff/audit",
    { preHandler: requireAction("audit:view") },
    async (request, reply) => {
      const viewer = staffOf(request);
      const referenceText = (field(request.query, "reference") ?? "").trim();
      const staffText = (field(request.query, "staff") ?? "").trim();
      const pageNumber = Number(field(request.query, "page"));
      const page = Number.isSafeInteger(pageNumber) && pageNumber >= 1 ? pageNumber : 1;
      const errorList: ErrorItem[] = [];

      // A filter that matches nothing this person may see shows no entries, whether the
      // case or person exists or not.
      let nothing = false;
      let caseId: string | undefined;
      let reference: string | undefined;
      if (referenceText) {
        reference = parseReference(referenceText);
        if (!reference) {
          errorList.push({
            text: "Enter a case reference like ABCD-2345-F, or leave it empty",
            href: "#reference",
          });
        } else {
          const found = await db
            .selectFrom("cases")
            .select(["id", "team_id"])
            .where("reference", "=", reference)
            .executeTakeFirst();
          if (found && canSeeCase(viewer, found)) caseId = found.id;
          else nothing = true;
        }
      }
      let staffId: string | undefined;
      if (staffText) {
        if (!/^[^\s@]+@[^\s@]+$/.test(staffText) || hasControlCharacters(staffText)) {
          errorList.push({
            text: "Enter an email address like name@example.com, or leave it empty",
            href: "#staff",
          });
        } else {
          const person = await findStaffByEmail(db, staffText);
          if (person) staffId = person.id;
          else nothing = true;
        }
      }

      const { items, hasNext } =
        errorList.length > 0 || nothing
          ? { items: [], hasNext: false }
          : await auditEntries(db, viewer, { caseId, staffId, page });
      const query = (p: number) => {
        const params = new URLSearchParams();
        if (referenceText) params.set("reference", reference ?? referenceText);
        if (staffText) params.set("staff", staffText);
        if (p > 1) params.set("page", String(p));
        const q = params.toString();
        return `/staff/audit${q ? `?${q}` : ""}`;
      };
      return reply
        .code(errorList.length > 0 ? 422 : 200)
        .header("cache-control", "no-store")
        .render("staff/audit/audit.njk", {
          title: reference && caseId ? `Audit trail of case ${reference}` : "Audit log",
          errorList: errorList.length > 0 ? errorList : undefined,
          errors: {
            reference: errorList.find((e) => e.href === "#reference")?.text,
            staff: errorList.find((e) => e.href === "#staff")?.text,
          },
          values: { reference: referenceText, staff: staffText },
          filtered: Boolean(referenceText || staffText),
          items: items.map((item) => ({
            ...item,
            caseHref: item.caseId ? `/staff/cases/${item.caseId}` : undefined,
          })),
          caseHref: caseId ? `/staff/cases/${caseId}` : undefined,
          pageSize: AUDIT_PAGE_SIZE,
          previousHref: page > 1 ? query(page - 1) : undefined,
          nextHref: hasNext ? query(page + 1) : undefined,
        });
    },
  );
}
