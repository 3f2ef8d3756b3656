// Every public page in a real browser, as a member of the public meets it: at 1280 px and at
// 320 px wide, with JavaScript on and off. Each load must pass axe (WCAG 2.2 A and AA), ask
// nothing of any other origin, fit the screen without scrolling sideways, and let a keyboard
// user skip straight to the main content. The error pages (400, 404, 500, and the 503 shown
// while the database is down) get the same checks.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, type TestContext, test } from "node:test";
import { type App, buildApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import {
  assertNoViolations,
  assertOnlyOwnOrigin,
  assertSkipLinkWorks,
  checkPage,
  type PageCheck,
  serve,
  startBrowser,
  stopBrowser,
  widths,
} from "../helpers/browser.ts";
import { publicPages } from "../helpers/pages.ts";

type PageUnderTest = { url: string; title: string; status: number };

const forceName = "Bluelamp Police";

const pagesUnderTest: PageUnderTest[] = [
  ...publicPages.map(([url, title]) => ({ url, title, status: 200 })),
  { url: "/no-such-page", title: "Page not found", status: 404 },
  // A web address that cannot be decoded: Fastify's own error path, rendered by the app.
  { url: "/contact%E0%A4%A", title: "Page not found", status: 400 },
  { url: "/test-only/fails", title: "Sorry, there is a problem with the service", status: 500 },
];

/** Runs the standard checks on one page as separate subtests, so a report names what failed. */
async function assertChecks(
  t: TestContext,
  check: PageCheck,
  origin: string,
  where: string,
  skipLink: { error: unknown },
) {
  await t.test("passes axe (WCAG 2.2 A and AA)", () => assertNoViolations(check.violations, where));
  await t.test("requests nothing from another origin, and breaks no CSP rule", () => {
    assertOnlyOwnOrigin(check.requests, origin, where);
    assert.ok(
      check.requests.some((url) => url.endsWith("/application.css")),
      `${where}: styles loaded`,
    );
    assert.deepEqual(check.cspViolations, [], `${where}: CSP violations`);
    assert.deepEqual(check.pageErrors, [], `${where}: script errors`);
  });
  await t.test("does not scroll sideways", () => {
    assert.ok(
      check.scrollWidth <= check.viewportWidth,
      `${where}: the page is ${check.scrollWidth}px wide in a ${check.viewportWidth}px viewport`,
    );
  });
  await t.test("the first Tab reaches 'Skip to main content', which moves to main", () => {
    if (skipLink.error) throw skipLink.error;
  });
}

/** Loads a page with the keyboard check run on it after axe, keeping its failure for later. */
async function loadAndCheck(url: string, width: number, javaScript: boolean, where: string) {
  const skipLink: { error: unknown } = { error: undefined };
  const check = await checkPage(url, {
    width,
    javaScript,
    inspect: async (page) => {
      try {
        await assertSkipLinkWorks(page, javaScript, where);
      } catch (error) {
        skipLink.error = error;
      }
    },
  });
  return { check, skipLink };
}

describe("public pages in a browser", () => {
  let app: TestApp;
  let origin: string;

  before(async () => {
    app = await buildTestApp("sqlite", {}, {}, (built: App) => {
      built.get("/test-only/fails", async () => {
        throw new Error("a fault the public must not see");
      });
    });
    [origin] = await Promise.all([serve(app.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await app?.close();
  });

  for (const { url, title, status } of pagesUnderTest) {
    for (const width of widths) {
      for (const javaScript of [true, false]) {
        const where = `${url} at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
        test(where, async (t) => {
          const { check, skipLink } = await loadAndCheck(origin + url, width, javaScript, where);
          assert.equal(check.status, status, `${where}: status`);
          assert.equal(check.title, `${title} – ${forceName}`, `${where}: title`);
          await assertChecks(t, check, origin, where, skipLink);
        });
      }
    }
  }
});

describe("the service unavailable page in a browser", () => {
  let app: App | undefined;
  let origin: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-browser-"));

  before(async () => {
    // Nothing listens on port 1, so the app starts with its database down.
    const databaseUrl = "postgres://postgres@127.0.0.1:1/test";
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
    const database = openDatabase({ databaseUrl, dataDir, connectTimeoutMillis: 500 });
    const built = await buildApp(config, { database, probeMillis: 60_000 });
    built.addHook("onClose", () => database.close().catch(() => {}));
    app = built;
    assert.equal(built.availability.isAvailable, false, "the database is down");
    [origin] = await Promise.all([serve(built), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  for (const url of ["/", "/report"]) {
    for (const width of widths) {
      for (const javaScript of [true, false]) {
        const where = `${url} with the database down, at ${width}px, JavaScript ${javaScript ? "on" : "off"}`;
        test(where, async (t) => {
          const { check, skipLink } = await loadAndCheck(origin + url, width, javaScript, where);
          assert.equal(check.status, 503, `${where}: status`);
          assert.equal(
            check.title,
            `Sorry, the service is unavailable – ${forceName}`,
            `${where}: title`,
          );
          await assertChecks(t, check, origin, where, skipLink);
        });
      }
    }
  }
});
