// Signing in to the back office in a real browser, by keyboard-friendly forms: the sign-in
// page and its error, setting up the authenticator app and its error, the code page, the
// back office home page, changing your password (its error and its confirmation) and the
// "you cannot do this" page. Each at 1280 and 320 px, with JavaScript on and off: axe
// (WCAG 2.2 A and AA), own origin only, no CSP errors, no sideways scrolling.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { createStaff } from "../../src/staff/accounts.ts";
import { totpCode } from "../../src/staff/totp.ts";
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
import { createTestStaff, TEST_PASSWORD } from "../helpers/staff.ts";

const NEW_PASSWORD = "a new passphrase of several words";

async function send(page: Page, button: string) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.getByRole("button", { name: button, exact: true }).click(),
  ]);
  return response;
}

describe("back office sign-in in a browser", () => {
  let t: TestApp;
  let origin: string;
  let editor: { email: string; totpSecret: string };
  before(async () => {
    // Every variant signs in from the same address; the per-client limit is tested elsewhere.
    t = await buildTestApp("sqlite", { STAFF_SIGN_IN_LIMIT: "1000" });
    await startBrowser();
    origin = await serve(t.app);
    editor = await createTestStaff(t.database.handle.db, { role: "editor", teamIds: [] });
  });
  after(async () => {
    await stopBrowser();
    await t.close();
  });

  for (const width of widths) {
    for (const javaScript of [true, false]) {
      test(`${width}px, JavaScript ${javaScript ? "on" : "off"}`, async () => {
        const where = (name: string) => `${name} at ${width}px, JS ${javaScript ? "on" : "off"}`;
        const email = `first.${width}.${javaScript}@force.example`;
        await createStaff(t.database.handle.db, {
          email,
          name: "First Timer",
          role: "officer",
          password: TEST_PASSWORD,
          teamIds: ["online-crime-triage"],
        });
        const visit = await openVisit(origin, { width, javaScript });
        try {
          const { page } = visit;
          let response = await page.goto("/staff/sign-in");
          let check = await examine(visit, response);
          assert.equal(check.title, "Sign in to the back office – Bluelamp Police");
          assertPageIsClean(check, origin, where("sign-in"));

          await page.getByLabel("Email address").fill(email);
          await page.getByLabel("Password", { exact: true }).fill("not the password");
          response = await send(page, "Continue");
          check = await examine(visit, response);
          assert.equal(check.status, 422);
          assert.match(check.title, /^Error: /);
          assertPageIsClean(check, origin, where("sign-in error"));

          await page.getByLabel("Email address").fill(email);
          await page.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
          response = await send(page, "Continue");
          check = await examine(visit, response);
          assert.equal(check.title, "Set up your authenticator app – Bluelamp Police");
          assertPageIsClean(check, origin, where("set-up"));
          const key = (await page.locator("code.bl-key").innerText()).replace(/\s/g, "");

          await page.getByLabel("Code from your authenticator app").fill("123");
          response = await send(page, "Finish setting up");
          check = await examine(visit, response);
          assert.equal(check.status, 422);
          assertPageIsClean(check, origin, where("set-up error"));

          await page.getByLabel("Code from your authenticator app").fill(totpCode(key));
          response = await send(page, "Finish setting up");
          check = await examine(visit, response);
          assert.equal(check.title, "Back office – Bluelamp Police");
          assertPageIsClean(check, origin, where("back office home"));

          // Changing their own password: the page, its error state, and the confirmation.
          const [opened] = await Promise.all([
            page.waitForNavigation({ waitUntil: "load" }),
            page.getByRole("link", { name: "Change your password" }).click(),
          ]);
          check = await examine(visit, opened);
          assert.equal(check.title, "Change your password – Bluelamp Police");
          assertPageIsClean(check, origin, where("change password"));
          await page.getByLabel("Current password").fill(TEST_PASSWORD);
          await page.getByLabel("New password", { exact: true }).fill("short");
          response = await send(page, "Change password");
          check = await examine(visit, response);
          assert.equal(check.status, 422);
          assert.match(check.title, /^Error: /);
          assertPageIsClean(check, origin, where("change password error"));
          await page.getByLabel("Current password").fill(TEST_PASSWORD);
          await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
          await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
          response = await send(page, "Change password");
          check = await examine(visit, response);
          assert.equal(check.status, 200);
          assert.match(
            (await page.locator(".govuk-notification-banner").textContent()) ?? "",
            /changed/,
          );
          assertPageIsClean(check, origin, where("password changed"));
        } finally {
          await visit.close();
        }

        // An account that has set up its app: the code page; then a page its role forbids.
        const second = await openVisit(origin, { width, javaScript });
        try {
          const { page } = second;
          await page.goto("/staff/sign-in");
          await page.getByLabel("Email address").fill(editor.email);
          await page.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
          let response = await send(page, "Continue");
          let check = await examine(second, response);
          assert.equal(check.title, "Enter the code from your authenticator app – Bluelamp Police");
          assertPageIsClean(check, origin, where("code"));
          await page
            .getByLabel("Enter the code from your authenticator app")
            .fill(totpCode(editor.totpSecret));
          await send(page, "Sign in");
          response = await page.goto("/staff/admin/outbox");
          check = await examine(second, response);
          assert.equal(check.status, 403);
          assertPageIsClean(check, origin, where("forbidden"));
        } finally {
          await second.close();
        }
      });
    }
  }
});
