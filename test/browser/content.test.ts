// Content in a real browser: the public's advice, information, news and notice pages and
// every page of the publishing tool (the list, writing, editing with plain English findings,
// publishing, taking down, history, the differences between revisions and the preview),
// including the error states a form leads to. At 1280 and 320 px, with JavaScript on and off,
// each must pass axe (WCAG 2.2 A and AA), ask nothing of another origin, break no CSP rule,
// and fit the screen without scrolling sideways.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page, Response } from "playwright-core";
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

type Ids = { page: string; service: string };

type PageUnderTest = {
  name: string;
  url: (ids: Ids) => string;
  title: string;
  status: number;
  staff?: boolean;
  act?: (page: Page) => Promise<Response | null>;
};

const JARGON_TITLE = "If a perpetrator damages your vehicle";

const pages: PageUnderTest[] = [
  { name: "advice", url: () => "/advice", title: "Advice", status: 200 },
  {
    name: "advice about one category",
    url: () => "/advice?category=vehicle-crime",
    title: "Advice about vehicle crime",
    status: 200,
  },
  {
    name: "an advice page",
    url: () => "/advice/protect-your-home-from-burglary",
    title: "Protect your home from burglary",
    status: 200,
  },
  {
    name: "an information page",
    url: () => "/information/your-rights-as-a-victim",
    title: "Your rights as a victim of crime",
    status: 200,
  },
  { name: "information", url: () => "/information", title: "Information", status: 200 },
  {
    name: "a news story",
    url: () => "/news/free-bike-marking-this-spring",
    title: "Free bike marking this spring",
    status: 200,
  },
  {
    name: "a service's start page",
    url: () => "/services/report-antisocial-behaviour",
    title: "Report antisocial behaviour",
    status: 200,
  },
  {
    name: "the content list",
    url: () => "/staff/content",
    title: "Content",
    status: 200,
    staff: true,
  },
  {
    name: "the content list, filtered",
    url: () => "/staff/content?type=advice&status=draft&overdue=1",
    title: "Content",
    status: 200,
    staff: true,
  },
  {
    name: "choosing a kind of page",
    url: () => "/staff/content/new",
    title: "What kind of page is it?",
    status: 200,
    staff: true,
  },
  {
    name: "writing a page",
    url: () => "/staff/content/new?type=area-notice",
    title: "New area notice page",
    status: 200,
    staff: true,
  },
  {
    name: "writing a page, with errors",
    url: () => "/staff/content/new?type=service-start",
    title: "Error: New service start page page",
    status: 422,
    staff: true,
    act: press("Save draft", async (page) => {
      await page.getByLabel("Web address").fill("Not A Slug!");
      await page.getByLabel("Day").fill("31");
      await page.getByLabel("Month").fill("2");
      await page.getByLabel("Year").fill("2027");
    }),
  },
  {
    name: "editing a page, with plain English findings",
    url: (ids) => `/staff/content/${ids.page}`,
    title: `Edit: ${JARGON_TITLE}`,
    status: 200,
    staff: true,
  },
  {
    name: "editing a page, with errors",
    url: (ids) => `/staff/content/${ids.page}`,
    title: `Error: Edit: ${JARGON_TITLE}`,
    status: 422,
    staff: true,
    act: press("Save as a new draft", async (page) => {
      await page.getByLabel("Title").fill("");
    }),
  },
  {
    name: "publishing",
    url: (ids) => `/staff/content/${ids.page}/publish`,
    title: `Publish: ${JARGON_TITLE}`,
    status: 200,
    staff: true,
  },
  {
    name: "publishing without the reason the findings need",
    url: (ids) => `/staff/content/${ids.page}/publish`,
    title: `Error: Publish: ${JARGON_TITLE}`,
    status: 422,
    staff: true,
    act: press("Publish"),
  },
  {
    name: "taking a page down",
    url: (ids) => `/staff/content/${ids.page}/take-down`,
    title: `Take down: ${JARGON_TITLE}`,
    status: 200,
    staff: true,
  },
  {
    name: "history",
    url: (ids) => `/staff/content/${ids.page}/history`,
    title: `History: ${JARGON_TITLE}`,
    status: 200,
    staff: true,
  },
  {
    name: "the changes between two revisions",
    url: (ids) => `/staff/content/${ids.page}/compare?from=1&to=2`,
    title: "Changes from revision 1 to 2",
    status: 200,
    staff: true,
  },
  {
    name: "a preview",
    url: (ids) => `/staff/content/${ids.page}/preview`,
    title: `Preview: ${JARGON_TITLE}`,
    status: 200,
    staff: true,
  },
  {
    name: "a preview of a service start page",
    url: (ids) => `/staff/content/${ids.service}/preview`,
    title: "Preview: Report a theft, the new way",
    status: 200,
    staff: true,
  },
];

describe("content pages in a browser", () => {
  let app: TestApp;
  let origin: string;
  let ids: Ids;
  let cookies: Record<string, string>;

  before(async () => {
    app = await buildTestApp("sqlite");
    const admin = await createTestStaff(app.database.handle.db, {
      role: "admin",
      name: "Pat Publisher",
      email: "pat.publisher-with-a-long-address@communications.force.example",
      teamIds: [],
    });
    const browser = await signIn(app.app, admin);
    const created = async (type: string, fields: Record<string, string | string[]>) => {
      const res = await browser.post(
        "/staff/content/new",
        { type, ...fields },
        `/staff/content/new?type=${type}`,
      );
      assert.equal(res.statusCode, 303);
      return String(res.headers.location).split("/").at(-1)!;
    };
    const body = [
      "## What to do",
      "",
      "The perpetrator may have left evidence. Do not touch the vehicle prior to our officers' arrival, in order to preserve fingerprints and other traces that our team will examine.",
      "",
      "- Take photos of the damage",
      "- Tell your insurer",
      "",
      "> Call 999 if they are still there.",
      "",
      "A very long address that must wrap on a phone: https://www.example.org/a/very/long/path/that/goes/on/and/on/without/a/break",
    ].join("\n");
    const page = await created("advice", {
      title: JARGON_TITLE,
      summary: "What to do when someone damages your car, van or motorbike.",
      slug: "",
      body,
      categories: ["criminal-damage-arson", "vehicle-crime"],
      audiences: ["drivers"],
      reviewDay: "1",
      reviewMonth: "1",
      reviewYear: "2025",
    });
    const item = await app.database.handle.db
      .selectFrom("content_items")
      .select("current_revision_id")
      .where("id", "=", page)
      .executeTakeFirstOrThrow();
    const saved = await browser.post(
      `/staff/content/${page}`,
      {
        base: item.current_revision_id!,
        title: JARGON_TITLE,
        summary: "What to do when someone damages your car, van or motorbike, and how to tell us.",
        slug: "if-someone-damages-your-car",
        body: body
          .replace("Take photos", "Take clear photos")
          .concat("\n\nNew words at the end.\n"),
        categories: ["criminal-damage-arson"],
        audiences: ["drivers", "residents"],
        note: "Clearer photos advice",
      },
      `/staff/content/${page}`,
    );
    assert.equal(saved.statusCode, 303);
    await browser.post(`/staff/content/${page}/submit`, {}, `/staff/content/${page}`);
    const service = await created("service-start", {
      title: "Report a theft, the new way",
      summary: "Tell us what someone stole.",
      slug: "report-a-theft-new-way",
      body: "## Before you start\n\nHave the date and place ready.\n",
      formId: "report-a-theft",
    });
    ids = { page, service };
    cookies = browser.cookies;
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
            if (pageUnderTest.staff) {
              await visit.context.addCookies(
                Object.entries(cookies).map(([name, value]) => ({ name, value, url: origin })),
              );
            }
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
