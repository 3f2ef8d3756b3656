// Reporting from an area page in a real browser: the report button of a top crime type
// leads to the start page listing what will be filled in; its Start button (a POST) leads to
// the emergency question, and then the prefilled answer is already chosen; check your answers
// shows the area it was started from, which can be removed; following the link again keeps
// the report and offers only the area. Each page passes
// the standard checks (axe, one origin, CSP, no script error, no sideways scroll) at 1280 and
// 320 px, with JavaScript on and off.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { importCrimeFiles } from "../../src/neighbourhoods/import.ts";
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

/** The rest of a theft from the person after "What happened?", answered over HTTP in the visit. */
const restOfTheJourney: Array<[string, Record<string, string>]> = [
  ["what-stolen", { "what-stolen": "bag" }],
  ["item-description", { "item-description": "A brown leather bag" }],
  ["when-date", { "when-date-day": "1", "when-date-month": "1", "when-date-year": "2025" }],
  ["when-time", { "when-time": "evening" }],
  ["where-known", { "where-known": "description" }],
  ["where-description", { "where-description": "Outside the station" }],
  ["value", { value: "80" }],
  ["saw-suspect", { "saw-suspect": "no" }],
  ["witnesses", { witnesses: "no" }],
  ["cctv", { cctv: "no" }],
  ["contact", { contact: "no" }],
  ["stay-anonymous", { "stay-anonymous": "yes" }],
];

/**
 * Answers pages with the visit's own cookies (page.request shares them), as a person would
 * in the browser; the pages themselves are checked by test/browser/forms.test.ts.
 */
async function answerOverHttp(page: Page, origin: string, pages: typeof restOfTheJourney) {
  for (const [id, answers] of pages) {
    const url = `${origin}/services/report-a-theft/${id}`;
    const html = await (await page.request.get(url)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const res = await page.request.post(url, {
      form: { ...answers, _csrf: token },
      maxRedirects: 0,
    });
    assert.equal(res.status(), 303, `POST ${id}`);
  }
}

/** Runs an action that navigates and waits until the page it leads to has loaded. */
async function navigate(page: Page, action: () => Promise<unknown>, to: RegExp) {
  await Promise.all([page.waitForURL(to, { waitUntil: "load" }), action()]);
}

describe("reporting from an area page in a browser", () => {
  let t: TestApp;
  let origin: string;

  before(async () => {
    t = await buildTestApp("sqlite");
    await importCrimeFiles(t.database.handle.db, [
      path.join(root, "src/neighbourhoods/fixtures/mps-ward-level-sample.csv.gz"),
    ]);
    t.app.neighbourhoods.invalidate();
    [origin] = await Promise.all([serve(t.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await t?.close();
  });

  for (const width of widths) {
    for (const javaScript of [true, false]) {
      const where = `at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
      test(`the start page with its prefill, the prefilled question and check your answers, ${where}`, async () => {
        const visit = await openVisit(origin, { width, javaScript });
        const { page } = visit;
        try {
          await page.goto(`${origin}/area/camden/camden-town`);
          await navigate(
            page,
            () => page.click('a[href^="/services/report-a-theft?category=theft-from-the-person"]'),
            /\/services\/report-a-theft\?category=theft-from-the-person&area=E05013655$/,
          );
          const listed = (await page.locator(".govuk-summary-list").textContent()) ?? "";
          assert.match(listed, /Something was stolen from me or from someone with me/);
          assert.match(listed, /Camden Town, Camden/);
          assertPageIsClean(await examine(visit), origin, `the start page ${where}`);

          await navigate(
            page,
            () => page.getByRole("button", { name: "Start now" }).click(),
            /\/services\/report-a-theft\/emergency$/,
          );
          assert.equal(await page.locator("input:checked").count(), 0, "nothing chosen for you");
          await page.check('input[name="emergency"][value="no"]');
          await navigate(
            page,
            () => page.getByRole("button", { name: "Continue" }).click(),
            /\/services\/report-a-theft\/how-stolen$/,
          );
          assert.equal(
            await page.locator('input[name="how-stolen"]:checked').getAttribute("value"),
            "from-person",
          );
          assertPageIsClean(await examine(visit), origin, `the prefilled question ${where}`);

          // Check your answers, with the area the report was started from.
          await page.check('input[name="how-stolen"][value="from-person"]');
          await navigate(
            page,
            () => page.getByRole("button", { name: "Continue" }).click(),
            /\/what-stolen$/,
          );
          await answerOverHttp(page, origin, restOfTheJourney);
          await page.goto(`${origin}/services/report-a-theft/check-answers`);
          const summary = (await page.locator(".govuk-summary-list").textContent()) ?? "";
          assert.match(summary, /Area\s+Camden Town, Camden\s*From the link you followed/);
          assertPageIsClean(await examine(visit), origin, `check your answers ${where}`);

          // The area can be removed; the answers stay.
          await navigate(
            page,
            () => page.getByRole("button", { name: "Remove area" }).click(),
            /\/services\/report-a-theft\/check-answers$/,
          );
          const without = (await page.locator(".govuk-summary-list").textContent()) ?? "";
          assert.doesNotMatch(without, /Camden Town/);
          assert.match(without, /Something was stolen from me/);

          // The link again, with the report in progress: it keeps the answers, offers only
          // the area, and Continue goes back to check your answers.
          await page.goto(
            `${origin}/services/report-a-theft?category=bicycle-theft&area=E05013655`,
          );
          const offered = (await page.locator("main").textContent()) ?? "";
          assert.match(offered, /You have already started this report/);
          assert.doesNotMatch(offered, /A bike was stolen|chosen an answer/);
          assertPageIsClean(await examine(visit), origin, `the start page, continuing, ${where}`);
          await navigate(
            page,
            () => page.getByRole("button", { name: "Continue" }).click(),
            /\/services\/report-a-theft\/check-answers$/,
          );
          assert.match(
            (await page.locator(".govuk-summary-list").textContent()) ?? "",
            /Camden Town, Camden/,
          );
        } finally {
          await visit.close();
        }
      });
    }
  }
});
