// "Your area" in a real browser, with crime figures loaded (the public-pages suite sees the
// pages with boundaries only): the area and borough pages with their SVG charts and tables,
// and the find page showing results and an error, at 1280 px and 320 px, script on and off.
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { importCrimeFiles } from "../../src/neighbourhoods/import.ts";
import { londonSeedDir } from "../../src/neighbourhoods/seed.ts";
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Sends the search form and waits until the page it answers with has loaded. */
async function submitSearch(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/area")),
    page.click(`form[action="/area"] button`),
  ]);
  await page.waitForLoadState("load");
}

describe("your area in a browser", () => {
  let t: TestApp;
  let origin: string;

  before(async () => {
    t = await buildTestApp("sqlite");
    await importCrimeFiles(t.database.handle.db, [
      path.join(root, "src/neighbourhoods/fixtures/mps-ward-level-sample.csv.gz"),
      path.join(root, "src/neighbourhoods/fixtures/postcodes-sample.csv"),
      ...["2024-01", "2024-02", "2024-03"].map((m) =>
        path.join(londonSeedDir, `crime/city-of-london/${m}-city-of-london-street.csv.gz`),
      ),
    ]);
    t.app.neighbourhoods.invalidate();
    [origin] = await Promise.all([serve(t.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await t?.close();
  });

  const pages: Array<[string, (page: Page) => Promise<unknown>]> = [
    ["the area page with figures", (page) => page.goto(`${origin}/area/camden/camden-town`)],
    ["the borough page with figures", (page) => page.goto(`${origin}/area/camden`)],
    [
      "a City area with only a few months",
      (page) => page.goto(`${origin}/area/city-of-london/bishopsgate`),
    ],
    [
      "the find page listing the areas of a postcode district",
      async (page) => {
        await page.goto(`${origin}/area`);
        await page.fill("#q", "NW1");
        await submitSearch(page);
        await page.waitForSelector("#results");
      },
    ],
    [
      "the find page with an error",
      async (page) => {
        await page.goto(`${origin}/area`);
        await page.fill("#q", "SW1A 1AAA");
        await submitSearch(page);
        await page.waitForSelector(".govuk-error-summary");
      },
    ],
  ];

  for (const [name, go] of pages) {
    for (const width of widths) {
      for (const javaScript of [true, false]) {
        const where = `${name} at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
        test(where, async () => {
          const visit = await openVisit(origin, { width, javaScript });
          try {
            await go(visit.page);
            assertPageIsClean(await examine(visit), origin, where);
          } finally {
            await visit.close();
          }
        });
      }
    }
  }
});
