// Every admin page of the back office in a real browser: at 1280 px and 320 px wide, with
// JavaScript on and off, including the states a form leads to (the error summary, and the
// banner that shows a new password once). Each must pass axe (WCAG 2.2 A and AA), ask
// nothing of another origin, break no CSP rule, and fit the screen without scrolling sideways.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page, Response } from "playwright-core";
import { writeToMaildrop } from "../../src/outbox/maildrop.ts";
import { outboxId } from "../../src/outbox/messages.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import {
  assertPageIsClean,
  examine,
  openVisit,
  press,
  serve,
  startBrowser,
  stopBrowser,
  widths,
} from "../helpers/browser.ts";
import { createTestStaff, signIn } from "../helpers/staff.ts";

const forceName = "Bluelamp Police";

type PageUnderTest = {
  name: string;
  url: (ids: Ids) => string;
  title: string;
  status: number;
  /** What to do on the loaded page first, e.g. send a form; returns the new page's response. */
  act?: (page: Page) => Promise<Response | null>;
};

type Ids = { admin: string; locked: string; officer: string };

/** Clicks a button that sends a form, and waits for the page it leads to. */
const pages: PageUnderTest[] = [
  { name: "staff accounts", url: () => "/staff/admin/staff", title: "Staff accounts", status: 200 },
  {
    name: "staff accounts, searched",
    url: () => "/staff/admin/staff?q=officer",
    title: "Staff accounts",
    status: 200,
  },
  {
    name: "add a staff account",
    url: () => "/staff/admin/staff/new",
    title: "Add a staff account",
    status: 200,
  },
  {
    name: "add a staff account, with errors",
    url: () => "/staff/admin/staff/new",
    title: "Error: Add a staff account",
    status: 422,
    act: press("Add account", async (page) => {
      await page.getByLabel("Work email address").fill("not-an-email");
      await page.getByLabel("Their first password (optional)").fill("too short");
    }),
  },
  {
    name: "a locked account",
    url: (ids) => `/staff/admin/staff/${ids.locked}`,
    title: "Lou Locked-Outofthesystem",
    status: 200,
  },
  {
    name: "a new password, shown once",
    url: (ids) => `/staff/admin/staff/${ids.locked}`,
    title: "Lou Locked-Outofthesystem",
    status: 200,
    act: press("Make a new password"),
  },
  {
    name: "an account, with errors",
    url: (ids) => `/staff/admin/staff/${ids.officer}`,
    title: "Error: Olly Officer",
    status: 422,
    act: press("Save changes", async (page) => {
      await page.getByLabel("Full name").fill("");
    }),
  },
  {
    name: "your own account",
    url: (ids) => `/staff/admin/staff/${ids.admin}`,
    title: "Ada Admin",
    status: 200,
  },
  { name: "teams", url: () => "/staff/admin/teams", title: "Teams", status: 200 },
  { name: "add a team", url: () => "/staff/admin/teams/new", title: "Add a team", status: 200 },
  {
    name: "add a team, with errors",
    url: () => "/staff/admin/teams/new",
    title: "Error: Add a team",
    status: 422,
    act: press("Add team", async (page) => {
      await page.getByLabel("Team ID").fill("Not An ID");
      await page.getByLabel("Webhook address (optional)").fill("https://records.example/x");
    }),
  },
  {
    name: "a team with members",
    url: () => "/staff/admin/teams/online-crime-triage",
    title: "Online crime reporting triage desk",
    status: 200,
  },
  {
    name: "a team, saved",
    url: () => "/staff/admin/teams/roads-policing",
    title: "Roads policing unit",
    status: 200,
    act: press("Save settings"),
  },
  { name: "the outbox", url: () => "/staff/admin/outbox", title: "Outbox", status: 200 },
  {
    name: "the outbox, after a retry",
    url: () => "/staff/admin/outbox",
    title: "Outbox",
    status: 200,
    act: async (page) => {
      const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page
          .getByRole("button", { name: /^Retry “Your report/ })
          .first()
          .click(),
      ]);
      return response;
    },
  },
  {
    name: "the maildrop",
    url: () => "/staff/admin/outbox/maildrop",
    title: "Emails in the maildrop",
    status: 200,
  },
  {
    name: "the maildrop, page 2",
    url: () => "/staff/admin/outbox/maildrop?page=2",
    title: "Emails in the maildrop",
    status: 200,
  },
];

describe("admin pages in a browser", () => {
  let app: TestApp;
  let origin: string;
  let ids: Ids;
  let cookies: Record<string, string>;

  before(async () => {
    app = await buildTestApp("sqlite");
    const db = app.database.handle.db;
    const admin = await createTestStaff(db, {
      role: "admin",
      name: "Ada Admin",
      email: "ada.admin@force.example",
      teamIds: ["professional-standards"],
    });
    const officer = await createTestStaff(db, {
      role: "officer",
      name: "Olly Officer",
      email: "olly.officer-with-a-long-address@neighbourhood-policing.force.example",
      teamIds: ["online-crime-triage", "roads-policing", "barking-and-dagenham-neighbourhood"],
    });
    const locked = await createTestStaff(db, {
      role: "supervisor",
      name: "Lou Locked-Outofthesystem",
      teamIds: ["online-crime-triage"],
    });
    await db
      .updateTable("staff")
      .set({ failed_attempts: 5, locked_until: new Date(Date.now() + 3_600_000).toISOString() })
      .where("id", "=", locked.id)
      .execute();
    const gone = await createTestStaff(db, { role: "editor", name: "Dee Parted", teamIds: [] });
    await db
      .updateTable("staff")
      .set({ active: 0, totp_secret: null })
      .where("id", "=", gone.id)
      .execute();
    ids = { admin: admin.id, locked: locked.id, officer: officer.id };

    const now = Date.now();
    for (let i = 0; i < 8; i++) {
      const created = new Date(now - (i + 1) * 3_600_000);
      await db
        .insertInto("outbox")
        .values({
          id: outboxId(created),
          channel: i === 7 ? "webhook" : "email",
          recipient:
            i === 7
              ? "https://records-management-system.force.example/api/v2/bluelamp/cases"
              : `reporter.${i}.with-a-long-name@example-mail-provider.co.uk`,
          subject: i === 7 ? null : `Your report BL-${i}X7Q-4`,
          body: "not shown",
          case_id: null,
          status: "dead",
          attempts: 10,
          next_attempt_at: created.toISOString(),
          lease_until: null,
          last_error:
            "SMTP 550 5.1.1 <reporter@example-mail-provider.co.uk>: Recipient address rejected: User unknown in virtual mailbox table",
          created_at: created.toISOString(),
          sent_at: null,
        })
        .execute();
    }
    for (let i = 0; i < 55; i++) {
      const at = new Date(now - i * 60_000);
      const message = [
        `From: "Bluelamp Police" <no-reply@bluelamp.example>`,
        `To: someone.with-a-long-address-${i}@example-mail-provider.co.uk`,
        `Subject: We have your report: BL-${i}A2B-7 (what happens next)`,
        `Date: ${at.toUTCString()}`,
        "",
        "Body",
      ].join("\r\n");
      await writeToMaildrop(app.config.dataDir, outboxId(at), Buffer.from(message));
    }

    cookies = (await signIn(app.app, admin)).cookies;
    [origin] = await Promise.all([serve(app.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await app?.close();
  });

  for (const pageUnderTest of pages) {
    for (const width of widths) {
      for (const javaScript of [true, false]) {
        const where = `${pageUnderTest.name} at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
        test(where, async () => {
          const visit = await openVisit(origin, { width, javaScript });
          try {
            await visit.context.addCookies(
              Object.entries(cookies).map(([name, value]) => ({ name, value, url: origin })),
            );
            let response = await visit.page.goto(origin + pageUnderTest.url(ids), {
              waitUntil: "load",
            });
            assert.equal(response?.status(), 200, `${where}: the page before any action`);
            if (pageUnderTest.act) response = await pageUnderTest.act(visit.page);
            const check = await examine(visit, response);
            assert.equal(check.status, pageUnderTest.status, `${where}: status`);
            assert.equal(check.title, `${pageUnderTest.title} – ${forceName}`, `${where}: title`);
            assertPageIsClean(check, origin, where);
          } finally {
            await visit.close();
          }
        });
      }
    }
  }
});
