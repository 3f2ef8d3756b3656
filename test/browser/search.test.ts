// Search in a real browser: the header's search box works by keyboard alone, with and without
// JavaScript, at 1280 and 320 px; the results (with highlights and pages) and the A to Z pass
// axe and fit the screen. (The public-pages suite checks /search, no results and /services too.)
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { invalidateSearch } from "../../src/search/site-search.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import {
  assertPageIsClean,
  examine,
  openVisit,
  serve,
  startBrowser,
  stopBrowser,
  widths,
} from "../helpers/browser.ts";
import { addPage } from "../http/search-fixtures.ts";

describe("search in a browser", () => {
  let t: TestApp;
  let origin: string;

  before(async () => {
    t = await buildTestApp("sqlite");
    for (let i = 1; i <= 14; i++) {
      await addPage(t.database.handle.db, {
        id: `b${i}`,
        type: "advice",
        slug: `numbat-advice-${i}`,
        title: `Numbat advice ${i}`,
        summary: `Keeping a numbat safe, part ${i}, with a long word: supercalifragilisticexpialidocious.`,
        body: "Numbats.",
      });
    }
    invalidateSearch();
    origin = await serve(t.app);
    await startBrowser();
  });
  after(async () => {
    await stopBrowser();
    await t.close();
  });

  for (const width of widths) {
    for (const javaScript of [true, false]) {
      const where = `${width}px, JavaScript ${javaScript ? "on" : "off"}`;

      test(`the header search by keyboard, the results and their pages (${where})`, async () => {
        const visit = await openVisit(origin, { width, javaScript });
        try {
          await visit.page.goto("/contact");
          // Tab from the top: skip link, home link, navigation, then the search box.
          let reached = false;
          for (let i = 0; i < 20 && !reached; i++) {
            await visit.page.keyboard.press("Tab");
            reached = await visit.page.evaluate(
              () => document.activeElement?.id === "header-search-q",
            );
          }
          assert.ok(reached, `${where}: Tab never reached the header search box`);
          const label = await visit.page.evaluate(() => {
            const input = document.getElementById("header-search-q") as HTMLInputElement;
            return input.labels?.[0]?.textContent?.trim();
          });
          assert.equal(label, "Search this website");
          await visit.page.keyboard.type("numbat");
          await Promise.all([
            visit.page.waitForURL(/\/search\?q=numbat/),
            visit.page.keyboard.press("Enter"),
          ]);
          assert.equal(await visit.page.title(), "Search results for “numbat” – Bluelamp Police");
          const first = await examine(visit);
          assertPageIsClean(first, origin, `${where}: results page 1`);
          assert.equal(await visit.page.locator(".bl-search-results__item").count(), 10);
          assert.ok((await visit.page.locator("mark.bl-search-mark").count()) >= 10);

          await Promise.all([
            visit.page.waitForURL(/page=2/),
            visit.page.locator('a[rel="next"]').click(),
          ]);
          const second = await examine(visit);
          assertPageIsClean(second, origin, `${where}: results page 2`);
          assert.equal(await visit.page.locator(".bl-search-results__item").count(), 4);
        } finally {
          await visit.close();
        }
      });

      test(`the search page's own box, and the A to Z's letters (${where})`, async () => {
        const visit = await openVisit(origin, { width, javaScript });
        try {
          await visit.page.goto("/search");
          assert.equal(await visit.page.locator("#header-search-q").count(), 0);
          await visit.page.getByLabel("Search Bluelamp Police").fill("report a theft");
          await Promise.all([
            visit.page.waitForURL(/q=report/),
            visit.page.getByRole("button", { name: "Search" }).click(),
          ]);
          const href = await visit.page
            .locator(".bl-search-results__item a")
            .first()
            .getAttribute("href");
          assert.equal(href, "/services/report-a-theft");

          await visit.page.goto("/services");
          await visit.page.locator('a[href="#t"]').click();
          const atT = await visit.page.evaluate(() => location.hash);
          assert.equal(atT, "#t");
          assertPageIsClean(await examine(visit), origin, `${where}: A to Z`);
        } finally {
          await visit.close();
        }
      });
    }
  }
});
