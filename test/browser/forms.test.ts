// Every page of every shipped form in Chromium, as the public meets it: the start page, each
// question page and its error state, each exit, check your answers and the confirmation, at
// 1280 and 320 px wide, with JavaScript on and off. Each must pass axe (WCAG 2.2 A and AA),
// ask nothing of another origin, break no CSP rule, raise no script error and fit the
// screen; an error state must be a 422 whose title starts "Error:" and whose summary links
// to fields on the page.
//
// The pages are reached the way a person reaches them: the journey planner's journeys are
// walked in the browser itself (fill in the fields, press Continue), choosing the fewest
// journeys that between them show every page; a page already checked is answered over
// HTTP in the same session, to save time. Each page is checked at the width it loaded at,
// then resized to the other width and checked again, so loads alternate between 1280 and
// 320 px from page to page (test/browser/public-pages.test.ts loads pages fresh at each
// width). One journey per form is also done with the keyboard alone, JavaScript on and off.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Frame, Page, Response } from "playwright-core";
import { CHECK_ANSWERS, type FormDefinition, todayInUk } from "../../src/forms/engine/index.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import {
  assertPageIsClean,
  examine,
  openVisit,
  serve,
  startBrowser,
  stopBrowser,
  type PageCheck,
  type Visit,
  viewports,
} from "../helpers/browser.ts";
import { type Body, pageInvalidBodies } from "../journeys/answer-generator.ts";
import { shippedForms } from "../journeys/forms.ts";
import { cover, type Journey, journeySteps, planJourneys } from "../journeys/planner.ts";

const REFERENCE = /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/;

// The browser's app runs on the real clock (its session cookies must not look expired), so
// the journeys are planned for the real today.
const today = todayInUk();

/** The fewest planned journeys that between them show every page, exit and check your answers. */
function journeysShowingEveryPage(form: FormDefinition): Journey[] {
  const plan = planJourneys(form, today);
  return cover(plan.explored, journeySteps);
}

/** Waits for the page that an action leads to (after any redirects) and returns its response. */
async function landOn(page: Page, action: () => Promise<void>): Promise<Response> {
  // Same-document navigations (the skip link's #main-content) come and go on the way.
  const committed: string[] = [];
  const onCommit = (frame: Frame) => {
    if (frame === page.mainFrame()) committed.push(frame.url());
  };
  page.on("framenavigated", onCommit);
  try {
    const landed = page.waitForResponse(
      (r) =>
        r.request().isNavigationRequest() &&
        r.request().frame() === page.mainFrame() &&
        (r.status() < 300 || r.status() >= 400),
    );
    await action();
    const response = await landed;
    if (!committed.includes(response.url())) {
      await page.waitForEvent("framenavigated", {
        predicate: (frame) => frame === page.mainFrame() && frame.url() === response.url(),
      });
    }
    await page.waitForLoadState("load");
    return response;
  } finally {
    page.off("framenavigated", onCommit);
  }
}

/** Fills in a page's fields with a body, as a person with a mouse would. */
async function fill(page: Page, body: Body): Promise<void> {
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    const fields = page.locator(`form[method="post"] [name="${name}"]`);
    // One look at the boxes, then click only those that must change.
    const boxes = await fields.evaluateAll((elements) =>
      elements.map((e) => {
        const input = e as HTMLInputElement;
        return { type: input.type, value: input.value, checked: input.checked };
      }),
    );
    assert.ok(boxes.length > 0, `no field named ${name} on ${page.url()}`);
    if (boxes[0].type === "radio" || boxes[0].type === "checkbox") {
      for (const [i, box] of boxes.entries()) {
        if (values.includes(box.value) !== box.checked) await fields.nth(i).click();
      }
    } else {
      await fields.first().fill(values[0] ?? "");
    }
  }
}

type Focused = {
  tag: string;
  name: string;
  type: string;
  value: string;
  checked: boolean;
  submits: boolean;
};

/** Fills in a page's fields and presses its button using nothing but the keyboard. */
async function fillByKeyboard(page: Page, body: Body): Promise<void> {
  const wanted = new Map(
    Object.entries(body).map(([name, v]) => [name, Array.isArray(v) ? v : [v]] as const),
  );
  const done = new Set<string>();
  // As keyboard users do: the skip link first, past the header and its navigation.
  await page.keyboard.press("Tab");
  assert.equal(await focusedText(page), "Skip to main content", `${page.url()}: the first Tab`);
  await page.keyboard.press("Enter");
  for (let presses = 0; presses < 150; presses++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate((): Focused => {
      const el = document.activeElement as HTMLInputElement | null;
      return {
        tag: el?.tagName.toLowerCase() ?? "",
        name: el?.getAttribute("name") ?? "",
        type: el?.getAttribute("type") ?? "",
        value: el?.value ?? "",
        checked: Boolean(el?.checked),
        submits: el?.tagName === "BUTTON" && el.closest('form[method="post"]') !== null,
      };
    });
    if (focused.submits) {
      const missing = [...wanted.keys()].filter((name) => !done.has(name));
      assert.deepEqual(missing, [], `${page.url()}: Tab reached the button before these fields`);
      await page.keyboard.press("Enter");
      return;
    }
    const values = wanted.get(focused.name);
    if (!values) continue;
    if (focused.type === "radio") {
      // Arrow keys move through a radio group, selecting as they go.
      for (let i = 0; i < 30 && !values.includes(await focusedValue(page)); i++) {
        await page.keyboard.press("ArrowDown");
      }
      assert.ok(values.includes(await focusedValue(page)), `${focused.name}: no radio ${values}`);
      if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)))
        await page.keyboard.press("Space");
      done.add(focused.name);
    } else if (focused.type === "checkbox") {
      if (values.includes(focused.value) !== focused.checked) await page.keyboard.press("Space");
      done.add(focused.name);
    } else {
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Delete");
      // Textareas post new lines as CRLF; Enter types one.
      const text = (values[0] ?? "").replace(/\r\n/g, "\n");
      if (text.length > 40) await page.keyboard.insertText(text);
      else await page.keyboard.type(text);
      done.add(focused.name);
    }
  }
  assert.fail(`${page.url()}: Tab never reached the Continue button`);
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
}

async function focusedValue(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? "");
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Answers a page over HTTP in the visit's own session (its cookies), as the form would post it. */
async function answerOverHttp(visit: Visit, url: string, body: Body, next: string) {
  const { request } = visit.context;
  const html = await (await request.get(url, { maxRedirects: 0 })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, `${url}: no CSRF token (not on the path?)`);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  form.append("_csrf", token);
  const response = await request.post(url, {
    data: form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    maxRedirects: 0,
  });
  assert.equal(response.status(), 303, `POST ${url}`);
  assert.equal(new URL(response.headers().location ?? "", visit.origin).pathname, next);
}

/**
 * Walks the journeys in one browser visit, checking each page the first time it appears,
 * and each question page's error state. Returns every failed check, rather than stopping
 * at the first, so one run reports every page that needs work.
 */
async function checkEveryPage(
  visit: Visit,
  form: FormDefinition,
  journeys: Journey[],
): Promise<{ failures: string[]; checked: number; axeMillis: number }> {
  const { page } = visit;
  const base = `/services/${form.id}`;
  const label = `JavaScript ${visit.options.javaScript ? "on" : "off"}`;
  const failures: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let axeMillis = 0;
  /**
   * Checks the page at the width it loaded at, then at the other width. The next page
   * then loads at that other width, so loads alternate between 1280 and 320 px.
   */
  const check = async (what: string, response: Response | null) => {
    let result: PageCheck | undefined;
    const loadedAt = page.viewportSize()?.width ?? viewports.desktop.width;
    const other = loadedAt === viewports.desktop.width ? viewports.mobile : viewports.desktop;
    for (const size of [undefined, other]) {
      if (size) await page.setViewportSize(size);
      const width = page.viewportSize()?.width;
      checked++;
      const started = performance.now();
      const check = await examine(visit, response);
      axeMillis += performance.now() - started;
      result ??= check;
      const how = width === loadedAt ? `loaded at ${width}px` : `resized to ${width}px`;
      try {
        assertPageIsClean(check, visit.origin, `${what} (${how}, ${label})`);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    return result!;
  };

  let response = await page.goto(base);
  assert.equal(response?.status(), 200);
  await check(`${base} (start)`, response);
  if (!response) throw new Error("no response");

  for (const journey of journeys) {
    await visit.context.clearCookies();
    // Is the browser showing the step's page? Pages already checked in this visit are
    // answered over HTTP in the same session instead, which is much quicker.
    let inBrowser = false;
    if (!seen.has(form.start)) {
      await page.goto(base);
      response = await landOn(page, () => page.getByRole("button", { name: "Start now" }).click());
      inBrowser = true;
    }
    for (const step of journey.steps) {
      const url = `${base}/${step.page}`;
      if (seen.has(step.page)) {
        await answerOverHttp(visit, url, step.body, `${base}/${step.goto}`);
        inBrowser = false;
        continue;
      }
      seen.add(step.page);
      if (!inBrowser) response = await page.goto(url);
      assert.ok(response);
      assert.equal(pathOf(page), url, `${label}: expected to be on ${url}`);
      assert.equal(response.status(), 200, `${url}: status`);
      await check(url, response);
      const pageDef = form.pages.find((p) => p.id === step.page)!;
      const invalid = pageInvalidBodies(form, pageDef, today)[0];
      assert.ok(invalid, `${url}: no invalid answer to show the error state`);
      await fill(page, invalid.body);
      const error = await landOn(page, () =>
        page.getByRole("button", { name: "Continue" }).click(),
      );
      assert.equal(error.status(), 422, `${url} with ${invalid.why}: status`);
      const errorCheck = await check(`${url} with ${invalid.why}`, error);
      assert.match(errorCheck.title, /^Error: /, `${url} with ${invalid.why}: title`);
      const targets = await page.$$eval(".govuk-error-summary a", (links) =>
        links.map((a) => a.getAttribute("href") ?? ""),
      );
      assert.ok(targets.length > 0, `${url} with ${invalid.why}: the error summary has links`);
      for (const href of targets) {
        assert.equal(await page.locator(href).count(), 1, `${url}: ${href} is on the page`);
      }
      await fill(page, step.body);
      response = await landOn(page, () => page.getByRole("button", { name: "Continue" }).click());
      assert.equal(pathOf(page), `${base}/${step.goto}`, `${url}: where Continue led`);
      inBrowser = true;
    }
    if (seen.has(journey.end)) continue;
    seen.add(journey.end);
    const url = `${base}/${journey.end}`;
    if (!inBrowser) response = await page.goto(url);
    assert.ok(response);
    assert.equal(pathOf(page), url);
    assert.equal(response.status(), 200, `${url}: status`);
    await check(url, response);
    if (journey.end === CHECK_ANSWERS) {
      const sent = await landOn(page, () =>
        page.getByRole("button", { name: "Accept and send" }).click(),
      );
      assert.equal(pathOf(page), `${base}/confirmation`);
      assert.equal(sent.status(), 200);
      const reference = (await page.locator(".bl-reference").textContent())?.trim() ?? "";
      assert.match(reference, REFERENCE);
      await check(`${base}/confirmation`, sent);
    }
  }
  const expected = [...form.pages.map((p) => p.id), ...form.exits.map((e) => e.id), CHECK_ANSWERS];
  assert.deepEqual(
    expected.filter((id) => !seen.has(id)),
    [],
    "every page was checked",
  );
  return { failures, checked, axeMillis };
}

describe("the forms in a browser", () => {
  let app: TestApp;
  let origin: string;

  before(async () => {
    app = await buildTestApp("sqlite", { POST_RATE_LIMIT: "1000000" });
    [origin] = await Promise.all([serve(app.app), startBrowser()]);
  });
  after(async () => {
    await stopBrowser();
    await app?.close();
  });

  for (const form of shippedForms) {
    const journeys = journeysShowingEveryPage(form);
    // JavaScript on and off, and the keyboard journeys, run side by side, each in its own
    // browser context.
    describe(form.id, { concurrency: 4 }, () => {
      for (const javaScript of [true, false]) {
        const where = `${form.id}: every page and its error state pass axe at 1280 and 320 px, JavaScript ${javaScript ? "on" : "off"}`;
        test(where, async (t) => {
          const visit = await openVisit(origin, { width: viewports.desktop.width, javaScript });
          try {
            const { failures, checked, axeMillis } = await checkEveryPage(visit, form, journeys);
            t.diagnostic(
              `${checked} checks along ${journeys.length} journeys; axe and measuring ${Math.round(axeMillis)} ms`,
            );
            assert.deepEqual(failures, [], failures.join("\n\n"));
          } finally {
            await visit.close();
          }
        });
      }

      for (const javaScript of [true, false]) {
        test(`${form.id}: a whole journey by keyboard alone, JavaScript ${javaScript ? "on" : "off"}`, async () => {
          const journey = journeys
            .filter((j) => j.end === CHECK_ANSWERS)
            .reduce((a, b) => (b.steps.length > a.steps.length ? b : a));
          const visit = await openVisit(origin, { width: 1280, javaScript });
          const { page } = visit;
          const base = `/services/${form.id}`;
          try {
            await page.goto(base);
            // "Start now" is a link styled as a button: skip to the content, Tab to it, Enter.
            await page.keyboard.press("Tab");
            await page.keyboard.press("Enter");
            for (let i = 0; i < 20; i++) {
              await page.keyboard.press("Tab");
              if ((await focusedText(page)).startsWith("Start now")) break;
            }
            await landOn(page, () => page.keyboard.press("Enter"));
            for (const step of journey.steps) {
              assert.equal(pathOf(page), `${base}/${step.page}`);
              await landOn(page, () => fillByKeyboard(page, step.body));
              assert.equal(pathOf(page), `${base}/${step.goto}`, `${step.page}: where Enter led`);
            }
            assert.equal(pathOf(page), `${base}/${CHECK_ANSWERS}`);
            await landOn(page, () => fillByKeyboard(page, {}));
            assert.equal(pathOf(page), `${base}/confirmation`);
            const reference = (await page.locator(".bl-reference").textContent())?.trim() ?? "";
            assert.match(reference, REFERENCE);
          } finally {
            await visit.close();
          }
        });
      }
    });
  }
});
