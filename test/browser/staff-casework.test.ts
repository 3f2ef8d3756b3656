// The case-work pages of the back office in a real browser, as a member of staff meets them:
// a queue, a case (and a case with an error), the "why are you opening this case?" page and
// the audit log, at 1280 px and 320 px wide, with JavaScript on and off. Each must pass axe
// (WCAG 2.2 A and AA), ask nothing of another origin, break no CSP rule, fit the screen
// without scrolling sideways, and let a keyboard user skip to the main content.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Response } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import {
  assertPageIsClean,
  assertSkipLinkWorks,
  examine,
  openVisit,
  serve,
  startBrowser,
  stopBrowser,
  widths,
} from "../helpers/browser.ts";
import { createTestStaff } from "../helpers/staff.ts";
import { insertCase, signInFrom, theftAnswers } from "../http/casework-fixtures.ts";

const TEAM = "online-crime-triage";
const HOUR = 3_600_000;

describe("case work in a browser", () => {
  let t: TestApp;
  let origin: string;
  let cookies: Record<string, string>;
  let caseId: string;
  let sensitiveId: string;
  let reference: string;

  before(async () => {
    t = await buildTestApp("sqlite");
    const db = t.database.handle.db;
    const account = await createTestStaff(db, {
      role: "supervisor",
      teamIds: [TEAM],
      name: "Alex Supervisor",
    });
    await createTestStaff(db, { role: "officer", teamIds: [TEAM], name: "Sam Officer" });
    // Enough cases for a second page, some overdue, one urgent, one sensitive.
    for (let i = 0; i < 55; i++) {
      await insertCase(db, {
        teamId: TEAM,
        dueAt: new Date(Date.now() + (i - 5) * HOUR),
        priority: i === 7 ? "urgent" : "normal",
        status: i % 4 === 0 ? "triaged" : "new",
      });
    }
    const made = await insertCase(db, {
      teamId: TEAM,
      reporterEmail: "sam@example.com",
      answers: theftAnswers(
        "A very long description without spaces: https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      ),
      dueAt: new Date(Date.now() - 2 * HOUR),
    });
    caseId = made.id;
    reference = made.reference;
    sensitiveId = (await insertCase(db, { teamId: TEAM, sensitive: true })).id;

    const browser = await signInFrom(t.app, account);
    const page = `/staff/cases/${caseId}`;
    await db
      .insertInto("case_attachments")
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        filename: "receipt.jpg",
        content_type: "image/jpeg",
        size_bytes: 20480,
        added_at: new Date().toISOString(),
      })
      .execute();
    for (const [path, body] of [
      ["note", { note: "Asked the shop for CCTV.\nThey will send it on Monday." }],
      ["message", { message: "We have asked the shop for its CCTV." }],
      ["status", { status: "triaged" }],
      ["assign", { owner: "me" }],
      ["priority", { priority: "high" }],
    ] as const) {
      const res = await browser.post(`${page}/${path}`, body, page);
      assert.equal(res.statusCode, 303, path);
    }
    cookies = browser.cookies;
    [origin] = await Promise.all([serve(t.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await t?.close();
  });

  /** Opens a signed-in browser at `path`, optionally does something there, then checks the page. */
  async function check(
    path: string,
    width: number,
    javaScript: boolean,
    expected: { status: number; title: string },
    act?: (page: import("playwright-core").Page) => Promise<Response | null>,
  ) {
    const where = `${path}${act ? " (after sending a form)" : ""} at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
    const visit = await openVisit(origin, { width, javaScript });
    try {
      await visit.context.addCookies(
        Object.entries(cookies).map(([name, value]) => ({ name, value, url: origin })),
      );
      let response = await visit.page.goto(origin + path, { waitUntil: "load" });
      if (act) response = await act(visit.page);
      const result = await examine(visit, response);
      assert.equal(result.status, expected.status, `${where}: status`);
      assert.equal(result.title, `${expected.title} – Bluelamp Police`, `${where}: title`);
      assertPageIsClean(result, origin, where);
      // The skip link, from a fresh load of the same address. (Without the "done" banner: with
      // JavaScript, govuk-frontend moves focus to a success banner, as it should.)
      const again = new URL(visit.page.url());
      again.searchParams.delete("done");
      await visit.page.goto(again.href, { waitUntil: "load" });
      await assertSkipLinkWorks(visit.page, javaScript, where);
    } finally {
      await visit.close();
    }
  }

  for (const width of widths) {
    for (const javaScript of [true, false]) {
      const how = `at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;

      test(`a queue ${how}`, async () => {
        await check(`/staff/queues/${TEAM}`, width, javaScript, {
          status: 200,
          title: "Online crime reporting triage desk",
        });
      });

      test(`a queue filtered to nothing ${how}`, async () => {
        await check(`/staff/queues/${TEAM}?status=closed&priority=low`, width, javaScript, {
          status: 200,
          title: "Online crime reporting triage desk",
        });
      });

      test(`a case ${how}`, async () => {
        await check(`/staff/cases/${caseId}?done=note`, width, javaScript, {
          status: 200,
          title: `Case ${reference}`,
        });
      });

      test(`a case with an error ${how}`, async () => {
        await check(
          `/staff/cases/${caseId}`,
          width,
          javaScript,
          { status: 422, title: `Error: Case ${reference}` },
          async (page) => {
            const [response] = await Promise.all([
              page.waitForNavigation({ waitUntil: "load" }),
              page.getByRole("button", { name: "Change status" }).click(),
            ]);
            return response;
          },
        );
      });

      test(`why are you opening this case? ${how}`, async () => {
        await check(`/staff/cases/${sensitiveId}`, width, javaScript, {
          status: 200,
          title: "Why are you opening this case?",
        });
      });

      test(`why are you opening this case?, with an error ${how}`, async () => {
        await check(
          `/staff/cases/${sensitiveId}`,
          width,
          javaScript,
          { status: 422, title: "Error: Why are you opening this case?" },
          async (page) => {
            const [response] = await Promise.all([
              page.waitForNavigation({ waitUntil: "load" }),
              page.getByRole("button", { name: "Open the case" }).click(),
            ]);
            return response;
          },
        );
      });

      test(`the audit log ${how}`, async () => {
        await check("/staff/audit", width, javaScript, { status: 200, title: "Audit log" });
      });

      test(`a case's audit trail ${how}`, async () => {
        await check(`/staff/audit?reference=${reference}`, width, javaScript, {
          status: 200,
          title: `Audit trail of case ${reference}`,
        });
      });
    }
  }
});
