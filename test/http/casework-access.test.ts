// Access to case work, as a property: for any staff (any roles, any team memberships), any
// cases in any teams, and any sequence of views and changes, the back office answers exactly
// as the policy table and team membership say: another team's case (or one that does not
// exist) is "not found" (404), an action the role does not allow is "you cannot do this"
// (403), and a refusal changes nothing. It never answers 500.
//
// The expected answers are worked out here from the policy table and the test's own record
// of who is in which team, not through the application's can() and canSeeCase().
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { Kysely } from "kysely";
import { canMove, isOutcome } from "../../src/cases/status.ts";
import type { CasePriority, CaseStatus, StaffRole } from "../../src/cases/tables.ts";
import type { Database } from "../../src/db/schema.ts";
import { type Action, POLICY } from "../../src/staff/policy.ts";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import type { StaffBrowser } from "../helpers/staff.ts";
import { createTestStaff } from "../helpers/staff.ts";
import { insertCase, signInFrom } from "./casework-fixtures.ts";

const TEAMS = ["online-crime-triage", "roads-policing", "licensing"];
const ROLES: StaffRole[] = ["officer", "supervisor", "editor", "admin"];
const STATUSES: CaseStatus[] = ["new", "triaged", "in-progress", "awaiting-information", "closed"];
const PRIORITIES: CasePriority[] = ["low", "normal", "high", "urgent"];
const POOL = 4;
const RUNS = Number(process.env.CASEWORK_PROPERTY_RUNS) || 40;

const allows = (role: StaffRole, action: Action) =>
  (POLICY[action] as readonly StaffRole[]).includes(role);

type Person = { id: string; browser: StaffBrowser; token: string };
type Member = { role: StaffRole; teams: string[] };

const KINDS = [
  "view",
  "reason",
  "assign-me",
  "assign-other",
  "assign-nobody",
  "status",
  "priority",
  "note",
  "message",
  "queue",
  "export",
  "audit",
] as const;
type Kind = (typeof KINDS)[number];

const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", "   ", "\r\n", '=HYPERLINK("x")', "<script>alert(1)</script>"),
);

const actionArb = fc.record({
  who: fc.nat(POOL - 1),
  target: fc.nat(),
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom<string>(...STATUSES, "bogus"),
  outcome: fc.constantFrom("no-further-action", "suspect-charged", "", "bogus"),
  other: fc.nat(POOL - 1),
  priority: fc.constantFrom<string>(...PRIORITIES, "bogus"),
  text,
  team: fc.constantFrom(...TEAMS, "no-such-team"),
});
type Step = ReturnType<typeof actionArb.generate>["value"];

const memberArb = fc.record({
  role: fc.constantFrom(...ROLES),
  teams: fc.subarray(TEAMS),
});

const caseArb = fc.record({
  team: fc.constantFrom(...TEAMS),
  status: fc.constantFrom(...STATUSES),
  priority: fc.constantFrom(...PRIORITIES),
  sensitive: fc.boolean(),
  email: fc.boolean(),
  owner: fc.option(fc.nat(POOL - 1), { nil: undefined }),
});

const caseActions: Record<Exclude<Kind, "queue" | "export" | "audit">, string> = {
  view: "",
  reason: "reason",
  "assign-me": "assign",
  "assign-other": "assign",
  "assign-nobody": "assign",
  status: "status",
  priority: "priority",
  note: "note",
  message: "message",
};

async function counts(db: Kysely<Database>, caseId: string) {
  const [events, audits, row] = await Promise.all([
    db.selectFrom("case_events").select("id").where("case_id", "=", caseId).execute(),
    db
      .selectFrom("audit_log")
      .select("action")
      .where("case_id", "=", caseId)
      .where("action", "not in", ["case:view", "case:state-reason"])
      .execute(),
    db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst(),
  ]);
  return { events: events.length, changes: audits.length, row };
}

for (const dialect of testDialects()) {
  describe(`case-work access, as a property (${dialect})`, () => {
    let t: TestApp;
    const people: Person[] = [];

    before(async () => {
      t = await buildTestApp(dialect, { POST_RATE_LIMIT: "1000000" });
      for (let i = 0; i < POOL; i++) {
        const account = await createTestStaff(t.database.handle.db, {
          role: "officer",
          teamIds: [],
          name: `Person ${i}`,
        });
        const browser = await signInFrom(t.app, account);
        const { token } = formState(await browser.get("/staff"));
        assert.ok(token);
        people.push({ id: account.id, browser, token });
      }
    });
    after(async () => {
      await t?.close();
    });

    async function post(person: Person, url: string, body: Record<string, string>) {
      return person.browser.app.inject({
        method: "POST",
        url,
        headers: {
          cookie: cookieHeader(person.browser.cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ _csrf: person.token, ...body }).toString(),
      });
    }

    test("access is granted exactly when the policy and team membership allow, and never fails", async () => {
      const db = t.database.handle.db;
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(memberArb, { minLength: POOL, maxLength: POOL }),
          fc.array(caseArb, { minLength: 1, maxLength: 4 }),
          fc.array(actionArb, { minLength: 1, maxLength: 8 }),
          async (members: Member[], caseSpecs, steps: Step[]) => {
            // This run's people: their roles and teams, changed in the database (the guard
            // reads them afresh on every request).
            const ids = people.map((p) => p.id);
            await db.deleteFrom("team_members").where("staff_id", "in", ids).execute();
            for (const [i, member] of members.entries()) {
              await db
                .updateTable("staff")
                .set({ role: member.role })
                .where("id", "=", ids[i])
                .execute();
              for (const team of member.teams) {
                await db
                  .insertInto("team_members")
                  .values({ team_id: team, staff_id: ids[i] })
                  .execute();
              }
            }
            const cases: Array<{
              id: string;
              reference: string;
              team: string;
              sensitive: boolean;
            }> = [];
            for (const spec of caseSpecs) {
              const made = await insertCase(db, {
                teamId: spec.team,
                status: spec.status,
                priority: spec.priority,
                sensitive: spec.sensitive,
                reporterEmail: spec.email ? "reporter@example.com" : null,
                ownerId: spec.owner === undefined ? null : ids[spec.owner],
              });
              cases.push({ ...made, ...spec });
            }
            const reasons = new Set<string>();

            for (const step of steps) {
              const person = people[step.who];
              const me = members[step.who];
              const where = `${me.role} in [${me.teams}] does ${step.kind}`;

              if (step.kind === "queue" || step.kind === "export") {
                const seen = me.teams.includes(step.team) && allows(me.role, "queue:view");
                const url = `/staff/queues/${step.team}${step.kind === "export" ? "/export.csv" : ""}`;
                const res = await person.browser.get(url);
                const expected = !seen
                  ? 404
                  : step.kind === "export" && !allows(me.role, "queue:export")
                    ? 403
                    : 200;
                assert.equal(res.statusCode, expected, `${where} ${url}`);
                checked++;
                continue;
              }
              if (step.kind === "audit") {
                const res = await person.browser.get("/staff/audit");
                assert.equal(res.statusCode, allows(me.role, "audit:view") ? 200 : 403, where);
                checked++;
                continue;
              }

              const index = step.target % (cases.length + 1);
              const theCase = cases[index];
              const caseId = theCase?.id ?? randomUUID();
              const visible =
                theCase !== undefined &&
                allows(me.role, "case:view") &&
                me.teams.includes(theCase.team);
              const action: Action =
                step.kind === "view"
                  ? "case:view"
                  : step.kind === "reason"
                    ? "case:view-sensitive"
                    : step.kind === "assign-me" ||
                        (step.kind === "assign-other" && step.other === step.who)
                      ? "case:assign-self"
                      : step.kind === "assign-other" || step.kind === "assign-nobody"
                        ? "case:assign-others"
                        : step.kind === "status"
                          ? "case:change-status"
                          : step.kind === "priority"
                            ? "case:change-priority"
                            : step.kind === "note"
                              ? "case:add-note"
                              : "case:message-reporter";
              const earlier = theCase ? await counts(db, caseId) : undefined;
              const needsReason =
                Boolean(theCase?.sensitive) && !reasons.has(`${step.who}:${caseId}`);

              if (step.kind === "view") {
                const res = await person.browser.get(`/staff/cases/${caseId}`);
                const expected = !visible ? 404 : !allows(me.role, "case:view") ? 403 : 200;
                assert.equal(res.statusCode, expected, where);
                if (expected === 200) {
                  if (needsReason) assert.match(res.body, /Why are you opening this case\?/, where);
                  else
                    assert.match(
                      res.body,
                      new RegExp(`Case <span class="bl-reference">${theCase!.reference}`),
                      where,
                    );
                }
                checked++;
                continue;
              }

              const body: Record<string, string> = {};
              switch (step.kind) {
                case "reason":
                  body.reason = step.text;
                  break;
                case "assign-me":
                  body.owner = "me";
                  break;
                case "assign-other":
                  body.owner = ids[step.other];
                  break;
                case "assign-nobody":
                  body.owner = "nobody";
                  break;
                case "status":
                  body.status = step.status;
                  body.outcome = step.outcome;
                  break;
                case "priority":
                  body.priority = step.priority;
                  break;
                case "note":
                  body.note = step.text;
                  break;
                case "message":
                  body.message = step.text;
                  break;
              }
              const url = `/staff/cases/${caseId}/${caseActions[step.kind]}`;
              const res = await post(person, url, body);
              const row = earlier?.row;
              // What is kept of the text: invisible control characters (NUL and the like) go.
              const typed = step.text
                .replace(/\r\n?/g, "\n")
                // biome-ignore lint/suspicious/noControlCharactersInRegex: the ones the app drops
                .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
                .trim();

              let expected: number;
              let changes = false;
              if (!visible) expected = 404;
              else if (!allows(me.role, action)) expected = 403;
              else if (step.kind === "reason") expected = typed === "" ? 422 : 303;
              else if (needsReason) expected = 303;
              else {
                switch (step.kind) {
                  case "assign-me":
                    expected = 303;
                    changes = row!.owner_id !== person.id;
                    break;
                  case "assign-other": {
                    const target = members[step.other];
                    const eligible =
                      step.other === step.who ||
                      (allows(target.role, "case:view") && target.teams.includes(theCase!.team));
                    expected = eligible ? 303 : 422;
                    changes = eligible && row!.owner_id !== ids[step.other];
                    break;
                  }
                  case "assign-nobody":
                    expected = 303;
                    changes = row!.owner_id !== null;
                    break;
                  case "status": {
                    const ok =
                      (STATUSES as string[]).includes(step.status) &&
                      canMove(row!.status, step.status as CaseStatus) &&
                      (step.status !== "closed" || isOutcome(step.outcome));
                    expected = ok ? 303 : 422;
                    changes = ok;
                    break;
                  }
                  case "priority": {
                    const ok = (PRIORITIES as string[]).includes(step.priority);
                    expected = ok ? 303 : 422;
                    changes = ok && step.priority !== row!.priority;
                    break;
                  }
                  default:
                    expected = typed === "" ? 422 : 303;
                    changes = expected === 303;
                }
              }
              assert.equal(res.statusCode, expected, `${where} on ${url} ${JSON.stringify(body)}`);
              if (expected === 303) {
                assert.match(
                  String(res.headers.location),
                  new RegExp(`^/staff/cases/${caseId}`),
                  where,
                );
              }
              if (step.kind === "reason" && expected === 303) reasons.add(`${step.who}:${caseId}`);

              if (theCase) {
                const now = await counts(db, caseId);
                if (changes) {
                  assert.equal(now.events, earlier!.events + 1, `${where}: one new history entry`);
                  assert.equal(now.changes, earlier!.changes + 1, `${where}: one new audit entry`);
                } else {
                  assert.equal(now.events, earlier!.events, `${where}: no history entry`);
                  assert.equal(
                    now.changes,
                    earlier!.changes,
                    `${where}: no audit entry of a change`,
                  );
                  assert.deepEqual(now.row, earlier!.row, `${where}: the case is as it was`);
                }
              }
              checked++;
            }
          },
        ),
        { numRuns: RUNS },
      );
      assert.ok(checked > RUNS, "the property checked requests");
    });
  });
}
