// Track your report in Chromium: every screen passes axe at 1280 and 320 px, JS on and off.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
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
import { completeJourney, phoneTheftWithEmail } from "../helpers/journey.ts";

describe("track your report in a browser", () => {
  let t: TestApp;
  let origin: string;
  let reference: string;
  before(async () => {
    await setup();
  });
  async function setup() {
    t = await buildTestApp("sqlite");
    ({ reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail));
    const row = await t.database.handle.db
      .selectFrom("cases")
      .selectAll()
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    const at = (m: number) => new Date(Date.parse(row.created_at) + m * 60_000).toISOString();
    for (const [kind, data, m] of [
      ["status", { from: "new", to: "awaiting-information" }, 1],
      [
        "message-out",
        { text: "Do you have the receipt?\nA photo is fine.", team: "online-crime-triage" },
        2,
      ],
    ] as const) {
      await t.database.handle.db
        .insertInto("case_events")
        .values({
          id: randomUUID(),
          case_id: row.id,
          at: at(m),
          actor_id: null,
          kind,
          visibility: "public",
          data: JSON.stringify(data),
        })
        .execute();
    }
    await t.database.handle.db
      .updateTable("cases")
      .set({ status: "awaiting-information" })
      .where("id", "=", row.id)
      .execute();
    origin = await serve(t.app);
    await startBrowser();
  }
  after(async () => {
    await stopBrowser();
    await t.close();
  });

  for (const width of widths) {
    for (const javaScript of [true, false]) {
      test(`${width}px, JavaScript ${javaScript ? "on" : "off"}`, async () => {
        await stopBrowser();
        await t.close();
        await setup();
        const visit = await openVisit(origin, { width, javaScript });
        try {
          const page = visit.page;
          const check = async (where: string, status: number) => {
            const c = await examine(visit);
            assertPageIsClean(c, origin, `${where} ${width} ${javaScript}`);
            return c;
          };
          await page.goto("/track");
          await check("/track", 200);
          await page.getByRole("button", { name: "Find my report" }).click();
          await page.waitForLoadState("load");
          assert.match(await page.title(), /^Error: Track your report/);
          await check("/track errors", 422);
          await page.getByLabel("Your reference").fill(reference);
          await page.getByLabel("Email address or tracking code").fill("wrong@example.com");
          await page.getByRole("button", { name: "Find my report" }).click();
          await page.waitForLoadState("load");
          assert.match(await page.content(), /We could not find a report/);
          await check("/track not found", 422);
          await page.getByLabel("Your reference").fill(reference);
          await page.getByLabel("Email address or tracking code").fill("sam.taylor@example.com");
          await page.getByRole("button", { name: "Find my report" }).click();
          await page.waitForLoadState("load");
          assert.equal(new URL(page.url()).pathname, "/track/report");
          await check("/track/report", 200);
          await page.getByRole("button", { name: "Send message" }).click();
          await page.waitForLoadState("load");
          assert.match(await page.title(), /^Error: Your report/);
          await check("/track/report error", 422);
          await page.getByLabel("Your message").fill(`Here it is ${width} ${javaScript}`);
          await page.getByRole("button", { name: "Send message" }).click();
          await page.waitForLoadState("load");
          assert.match(await page.content(), /Your message has been sent/);
          await check("/track/report sent", 200);
          await page.getByRole("link", { name: "Sign out of this report" }).click();
          await page.waitForLoadState("load");
          await check("/track/sign-out", 200);
          for (let i = 0; i < 10; i++) {
            await page.goto("/track");
            await page.getByLabel("Your reference").fill(reference);
            await page.getByLabel("Email address or tracking code").fill("wrong@example.com");
            await page.getByRole("button", { name: "Find my report" }).click();
            await page.waitForLoadState("load");
            if ((await page.title()).startsWith("Too many")) break;
          }
          assert.match(await page.title(), /^Too many attempts/);
          await check("429", 429);
        } finally {
          await visit.close();
        }
      });
    }
  }
});
