// The back office's neighbourhood pages in a real browser, at 1280 px and 320 px wide, with
// JavaScript on and off, including the error summary and the banner after a change: each
// must pass axe (WCAG 2.2 A and AA), ask nothing of another origin, break no CSP rule, and
// fit the screen without scrolling sideways.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page, Response } from "playwright-core";
import { findNeighbourhood } from "../../src/neighbourhoods/repository.ts";
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
const AREA = "E05013655";
const PAGE = `/staff/neighbourhoods/${AREA}`;

type PageUnderTest = {
  name: string;
  url: string;
  title: (areaName: string, boroughName: string) => string;
  status: number;
  act?: (page: Page) => Promise<Response | null>;
};

const pages: PageUnderTest[] = [
  {
    name: "the borough list",
    url: "/staff/neighbourhoods",
    title: () => "Neighbourhoods",
    status: 200,
  },
  {
    name: "a name search",
    url: "/staff/neighbourhoods?q=town",
    title: () => "Neighbourhoods",
    status: 200,
  },
  { name: "an area", url: PAGE, title: (a) => a, status: 200 },
  {
    name: "add a priority",
    url: `${PAGE}/priorities/new`,
    title: (a) => `Add a priority: ${a}`,
    status: 200,
  },
  {
    name: "add an event, with errors",
    url: `${PAGE}/events/new`,
    title: (a) => `Error: Add an event: ${a}`,
    status: 422,
    act: press("Add"),
  },
  {
    name: "change a team member",
    url: `${PAGE}/people/${AREA}-person-2`,
    title: (a) => `Change a team member: ${a}`,
    status: 200,
  },
  {
    name: "an area, after a change",
    url: `${PAGE}/people/${AREA}-person-2`,
    title: (a) => a,
    status: 200,
    act: press("Save changes"),
  },
];

describe("back-office neighbourhood pages in a browser", () => {
  let app: TestApp;
  let origin: string;
  let cookies: Record<string, string>;
  let areaName = "";
  let boroughName = "";

  before(async () => {
    app = await buildTestApp("sqlite");
    const db = app.database.handle.db;
    const area = await findNeighbourhood(db, AREA);
    assert.ok(area);
    areaName = area.name;
    boroughName = area.borough_name;
    const supervisor = await createTestStaff(db, { role: "supervisor", name: "Sue Supervisor" });
    cookies = (await signIn(app.app, supervisor)).cookies;
    [origin] = await Promise.all([serve(app.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await app?.close();
  });

  test("a borough's list", async () => {
    const visit = await openVisit(origin, { width: widths[1], javaScript: false });
    try {
      await visit.context.addCookies(
        Object.entries(cookies).map(([name, value]) => ({ name, value, url: origin })),
      );
      const area = (await findNeighbourhood(app.database.handle.db, AREA))!;
      const response = await visit.page.goto(
        `${origin}/staff/neighbourhoods?borough=${area.borough_slug}`,
      );
      const check = await examine(visit, response);
      assert.equal(check.status, 200);
      assert.equal(check.title, `Neighbourhoods in ${boroughName} – ${forceName}`);
      assertPageIsClean(check, origin, "a borough's list at 320px");
    } finally {
      await visit.close();
    }
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
            let response = await visit.page.goto(origin + pageUnderTest.url, { waitUntil: "load" });
            assert.equal(response?.status(), 200, `${where}: the page before any action`);
            if (pageUnderTest.act) response = await pageUnderTest.act(visit.page);
            const check = await examine(visit, response);
            assert.equal(check.status, pageUnderTest.status, `${where}: status`);
            assert.equal(
              check.title,
              `${pageUnderTest.title(areaName, boroughName)} – ${forceName}`,
              `${where}: title`,
            );
            assertPageIsClean(check, origin, where);
          } finally {
            await visit.close();
          }
        });
      }
    }
  }
});
