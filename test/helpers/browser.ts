// The browser harness: Debian's Chromium driven by playwright-core, with axe-core, for the
// accessibility suite and for any later suite that walks a journey in a real browser.
//
// Pages are loaded exactly as they are served: the strict CSP stays on (axe is evaluated
// through the DevTools protocol, which page CSP does not govern), so the "no other origin"
// check sees the same requests a member of the public's browser would make. Requests to any
// other origin are recorded and then aborted, so a test never reaches the network.
//
// One browser per test file: call startBrowser() in before() and stopBrowser() in after().
// Each test file runs in its own process under `node --test`, so the module state below is
// per file.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result as AxeViolation, RunOptions } from "axe-core";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Response,
} from "playwright-core";
import type { App } from "../../src/app.ts";

export type { AxeViolation };

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** The widths every page is checked at: a desktop and the narrowest phone WCAG reflow asks for. */
export const viewports = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 320, height: 640 },
} as const;

export const widths = [viewports.desktop.width, viewports.mobile.width] as const;

/** WCAG 2.2 level A and AA, including the rules carried over from 2.0 and 2.1. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

let browser: Browser | undefined;

export async function startBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, args: launchArgs });
  return browser;
}

export async function stopBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  await open?.close();
}

function currentBrowser(): Browser {
  if (!browser) throw new Error("Call startBrowser() in before() first");
  return browser;
}

/** Serves a built app on a free loopback port; returns its origin, e.g. http://127.0.0.1:40123. */
export async function serve(app: App): Promise<string> {
  return app.listen({ port: 0, host: "127.0.0.1" });
}

export type BrowserOptions = {
  /** Viewport width in CSS pixels: 1280 or 320 for the standard checks. */
  width: number;
  javaScript: boolean;
};

/**
 * A browser context for one visitor, recording what their browser does: every request (from
 * every page in the context, including styles, scripts, fonts and images), every CSP
 * violation and every uncaught script error. Journeys use one visit across many pages.
 */
export type Visit = {
  context: BrowserContext;
  page: Page;
  /** The app's origin; anything else is recorded in `requests` and then aborted. */
  origin: string;
  options: BrowserOptions;
  /** Every URL the browser asked for, in order. */
  requests: string[];
  /** CSP violations reported by the browser (console messages); should stay empty. */
  cspViolations: string[];
  /** Uncaught errors from the page's own scripts; should stay empty. */
  pageErrors: string[];
  close(): Promise<void>;
};

export async function openVisit(origin: string, options: BrowserOptions): Promise<Visit> {
  const viewport = options.width <= viewports.mobile.width ? viewports.mobile : viewports.desktop;
  const context = await currentBrowser().newContext({
    baseURL: origin,
    viewport: { width: options.width, height: viewport.height },
    javaScriptEnabled: options.javaScript,
    serviceWorkers: "block",
  });
  const requests: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  // Recorded above first; then never let a test reach another origin.
  await context.route(
    (url) => url.origin !== origin && (url.protocol === "http:" || url.protocol === "https:"),
    (route) => route.abort("blockedbyclient"),
  );
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  context.on("weberror", (error) => pageErrors.push(String(error.error())));
  const page = await context.newPage();
  return {
    context,
    page,
    origin,
    options,
    requests,
    cspViolations,
    pageErrors,
    close: () => context.close(),
  };
}

type AxeWindow = {
  axe?: { run(context: Document, options: unknown): Promise<AxeResults> };
  __bluelampAxe?: { violations: AxeViolation[] } | { error: string };
  __bluelampFireTimers?: () => void;
};

/**
 * Runs axe on the page as it stands, for WCAG 2.2 A and AA. Works with the page's CSP on
 * (DevTools evaluation is not subject to it) and with JavaScript off (see below).
 */
export async function runAxe(
  page: Page,
  javaScript: boolean,
  options: RunOptions = {},
): Promise<AxeViolation[]> {
  const runOptions: RunOptions = {
    resultTypes: ["violations"],
    // Without JavaScript a style sheet axe must fetch itself (one from another origin, which
    // the CSP blocks anyway) never answers, so give up on it sooner than axe's 10 seconds.
    ...(javaScript ? {} : { preload: { assets: ["cssom", "media"], timeout: 3000 } }),
    ...options,
    runOnly: { type: "tag", values: wcagTags },
  };
  const loaded = await page.evaluate(() => (window as unknown as AxeWindow).axe !== undefined);
  if (!loaded) {
    if (!javaScript) await page.evaluate(installPumpedTimers);
    await page.evaluate(axeSource);
  }
  if (javaScript) {
    const results = await page.evaluate(
      (o) => (window as unknown as AxeWindow).axe?.run(document, o) as Promise<AxeResults>,
      runOptions,
    );
    return results.violations;
  }
  await page.evaluate((o) => {
    const w = window as unknown as AxeWindow;
    w.__bluelampAxe = undefined;
    w.axe?.run(document, o).then(
      (results) => {
        w.__bluelampAxe = { violations: results.violations };
      },
      (error) => {
        w.__bluelampAxe = { error: String(error) };
      },
    );
  }, runOptions);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const outcome = await page.evaluate(() => {
      const w = window as unknown as AxeWindow;
      w.__bluelampFireTimers?.();
      return w.__bluelampAxe;
    });
    if (outcome && "error" in outcome) throw new Error(`axe failed: ${outcome.error}`);
    if (outcome) return outcome.violations;
    if (Date.now() > deadline) throw new Error("axe did not finish within 30 seconds");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * With JavaScript off, Chromium never fires timers (and drops queueMicrotask), yet promise
 * reactions still run whenever DevTools evaluates code. axe yields between rules with
 * setTimeout(fn, 0) and guards slow steps (such as fetching style sheets) with longer
 * timeouts, so replace the timers: zero-delay ones run as promise reactions, and the test
 * fires due ones each time it polls for the result. The page's own scripts are not
 * running, so nothing else sees the change. Runs inside the page.
 */
function installPumpedTimers() {
  type Timer = { at: number; callback: (...args: unknown[]) => void; args: unknown[] };
  const timers = new Map<number, Timer>();
  let next = 1;
  const w = window as unknown as AxeWindow & Record<string, unknown>;
  const fire = () => {
    const now = performance.now();
    for (const [id, timer] of timers) {
      if (timer.at > now) continue;
      timers.delete(id);
      try {
        timer.callback(...timer.args);
      } catch (error) {
        console.error(error);
      }
    }
  };
  w.setTimeout = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const id = next++;
    const wait = Math.max(0, Number(delay) || 0);
    timers.set(id, { at: performance.now() + wait, callback, args });
    if (wait === 0) void Promise.resolve().then(fire);
    return id;
  };
  w.clearTimeout = (id: number) => {
    timers.delete(id);
  };
  w.__bluelampFireTimers = fire;
}

/** One line per failing element: rule id, what it means, where, and how to fix it. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map(
          (node) =>
            `    at ${JSON.stringify(node.target)}\n      ${node.failureSummary?.replace(/\n/g, "\n      ") ?? ""}`,
        )
        .join("\n");
      return `  ${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

export function assertNoViolations(violations: AxeViolation[], where: string): void {
  assert.equal(
    violations.length,
    0,
    `${where}: ${violations.length} accessibility rule(s) failed (WCAG 2.2 A/AA)\n${describeViolations(violations)}`,
  );
}

/** Every request went to the app's own origin (data: and blob: URLs never leave the browser). */
export function assertOnlyOwnOrigin(requests: string[], origin: string, where: string): void {
  assert.ok(requests.length > 0, `${where}: no requests were recorded`);
  const elsewhere = requests.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
    return parsed.origin !== origin;
  });
  assert.deepEqual(elsewhere, [], `${where}: requests to other origins`);
}

/** How wide the page is against the viewport; wider means scrolling sideways (WCAG 1.4.10 reflow). */
export async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; viewportWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  }));
}

async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const main = document.getElementById("main-content");
    return {
      tag: active?.tagName.toLowerCase(),
      id: active?.id,
      text: (active?.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 60),
      href: active?.getAttribute("href"),
      // Inside main, or after it: the header and navigation were skipped.
      pastHeader: Boolean(
        main &&
          active &&
          active !== document.body &&
          (main.contains(active) ||
            main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING),
      ),
    };
  });
}

/**
 * Keyboard only, from the top of a freshly loaded page: the first Tab reaches "Skip to main
 * content", Enter moves to the main content, and the next Tab lands in or after main, not
 * back in the header. With JavaScript, govuk-frontend focuses <main> itself; without it the
 * browser moves its focus starting point to the fragment, which the next Tab proves.
 */
export async function assertSkipLinkWorks(
  page: Page,
  javaScript: boolean,
  where: string,
): Promise<void> {
  await page.keyboard.press("Tab");
  const first = await focusedElement(page);
  assert.equal(
    first.text,
    "Skip to main content",
    `${where}: the first Tab focused ${JSON.stringify(first)}`,
  );
  assert.equal(first.href, "#main-content", `${where}: the skip link's target`);
  await page.keyboard.press("Enter");
  // Read from the page: page.url() follows the browser process and can lag a fragment change.
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, "#main-content", `${where}: the skip link did not go to #main-content`);
  if (javaScript) {
    const onMain = await focusedElement(page);
    assert.deepEqual(
      [onMain.tag, onMain.id],
      ["main", "main-content"],
      `${where}: focus after the skip link`,
    );
  }
  await page.keyboard.press("Tab");
  const next = await focusedElement(page);
  assert.ok(next.pastHeader, `${where}: after skipping, Tab went back to ${JSON.stringify(next)}`);
}

export type PageCheck = {
  status: number | undefined;
  title: string;
  violations: AxeViolation[];
  requests: string[];
  cspViolations: string[];
  pageErrors: string[];
  scrollWidth: number;
  viewportWidth: number;
};

/**
 * The standard measurements of the page a visit is on now: axe violations, page width, and
 * everything the visit's browser has requested or reported so far (for a journey, that is
 * every page since the visit opened). Pass the navigation's response to record its status.
 */
export async function examine(visit: Visit, response?: Response | null): Promise<PageCheck> {
  const violations = await runAxe(visit.page, visit.options.javaScript);
  const { scrollWidth, viewportWidth } = await horizontalOverflow(visit.page);
  return {
    status: response?.status(),
    title: await visit.page.title(),
    violations,
    requests: [...visit.requests],
    cspViolations: [...visit.cspViolations],
    pageErrors: [...visit.pageErrors],
    scrollWidth,
    viewportWidth,
  };
}

/**
 * Loads one page in a fresh visitor's browser and reports what the standard checks need:
 * status, axe violations, every request, CSP violations, script errors and page width.
 * `inspect` runs on the loaded page after axe and before it closes (e.g. keyboard checks).
 */
export async function checkPage(
  url: string,
  options: BrowserOptions & { inspect?: (page: Page) => Promise<void> },
): Promise<PageCheck> {
  const visit = await openVisit(new URL(url).origin, options);
  try {
    const response = await visit.page.goto(url, { waitUntil: "load" });
    const check = await examine(visit, response);
    await options.inspect?.(visit.page);
    return check;
  } finally {
    await visit.close();
  }
}

/**
 * The standard checks on one page: no axe violations, no request to another origin, no CSP
 * violation, no script error, and nothing to scroll sideways. Journeys can call this on
 * each page they reach; `checkPage` results feed it too.
 */
export function assertPageIsClean(check: PageCheck, origin: string, where: string): void {
  assertNoViolations(check.violations, where);
  assertOnlyOwnOrigin(check.requests, origin, where);
  assert.deepEqual(check.cspViolations, [], `${where}: CSP violations`);
  assert.deepEqual(check.pageErrors, [], `${where}: script errors`);
  assert.ok(
    check.scrollWidth <= check.viewportWidth,
    `${where}: the page is ${check.scrollWidth}px wide in a ${check.viewportWidth}px viewport, so it scrolls sideways`,
  );
}

/**
 * A page action for the back-office suites: fill in what the step needs, then press the
 * named button and wait for the page it leads to (forms post without JavaScript too).
 */
export function press(name: string, fill?: (page: Page) => Promise<void>) {
  return async (page: Page): Promise<Response | null> => {
    await fill?.(page);
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.getByRole("button", { name, exact: true }).click(),
    ]);
    return response;
  };
}
