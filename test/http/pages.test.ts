// Every public page of the platform, on both dialects: it renders under the force's brand,
// with the security headers, and bad input gets a clear 4xx page rather than a 500.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/app.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { publicPages } from "../helpers/pages.ts";

/** A POST route that goes through the whole platform pipeline (body parsing, CSRF, limits). */
function addEchoRoute(app: App) {
  app.post("/echo", async () => ({ ok: true }));
}

export { publicPages };

for (const dialect of testDialects()) {
  describe(`public pages (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(
        dialect,
        { FORCE_NAME: "Northshire Police", BRAND_COLOUR: "#7a1f5c" },
        {},
        addEchoRoute,
      );
    });
    after(() => t.close());

    for (const [url, title] of publicPages) {
      test(`${url} renders "${title}" under the force's brand`, async () => {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, new RegExp(`<title>${title} &ndash; Northshire Police</title>`));
        assert.match(res.body, /Northshire Police/);
        assert.doesNotMatch(res.body, /GOV\.UK|govuk-logo|Crown copyright/);
        assert.match(res.body, /<main[^>]*id="main-content"/);
      });
    }

    test("the brand colour comes from configuration", async () => {
      const res = await t.app.inject({ url: "/assets/brand.css" });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /--govuk-brand-colour:#7a1f5c/);
    });

    test("the home page is task-led and the report page warns to call 999", async () => {
      const home = await t.app.inject({ url: "/" });
      for (const task of ["/report", "/apply", "/area", "/advice", "/track", "/contact"]) {
        assert.match(home.body, new RegExp(`href="${task}"`));
      }
      const report = await t.app.inject({ url: "/report" });
      assert.match(report.body, /In an emergency, call 999/);
    });

    test("contact us gives 999, 101 and textphone 18000", async () => {
      const res = await t.app.inject({ url: "/contact" });
      for (const number of ["999", "101", "18000"]) assert.match(res.body, new RegExp(number));
    });

    test("security headers are strict and the CSP nonce matches the inline script", async () => {
      const res = await t.app.inject({ url: "/" });
      const csp = String(res.headers["content-security-policy"]);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, "script-src carries a nonce");
      assert.match(res.body, new RegExp(`<script nonce="${nonce}">`));
      const second = await t.app.inject({ url: "/" });
      assert.notEqual(
        String(second.headers["content-security-policy"]),
        csp,
        "a fresh nonce per request",
      );
      assert.match(String(res.headers["strict-transport-security"]), /max-age=\d+/);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.equal(res.headers["referrer-policy"], "same-origin");
      assert.equal(res.headers["cache-control"], "no-store");
    });

    test("pages never link to or load from another origin", async () => {
      for (const [url] of publicPages) {
        const res = await t.app.inject({ url });
        const sources = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
        for (const source of sources) {
          assert.ok(!/^(https?:)?\/\//.test(source), `${url} refers to ${source}`);
        }
      }
    });

    test("an unknown page is a 404 page, not an error", async () => {
      const res = await t.app.inject({ url: "/no-such-page" });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Page not found/);
    });

    test("a web address that cannot be decoded gets a 400 page", async () => {
      const res = await t.app.inject({ url: "/contact%E0%A4%A" });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /could not be read/);
    });

    test("a POST without a CSRF token is refused with a clear page", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/echo",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "a=1",
      });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /Your form could not be sent/);
    });

    test("a feature's own routes get the same clear error pages (CSRF, too large)", async () => {
      for (const payload of ["emergency=no", `emergency=${"x".repeat(200_000)}`]) {
        const res = await t.app.inject({
          method: "POST",
          url: "/services/report-a-theft/emergency",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload,
        });
        assert.match(String(res.headers["content-type"]), /text\/html/);
        assert.match(res.body, /<h1 class="govuk-heading-xl">(Your form could not be sent|What you sent is too large)<\/h1>/);
      }
    });

    test("an oversized body gets 413, a body of an unknown type 415, and neither a stack trace", async () => {
      const big = await t.app.inject({
        method: "POST",
        url: "/echo",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `a=${"x".repeat(200_000)}`,
      });
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /too large/);
      const odd = await t.app.inject({
        method: "POST",
        url: "/echo",
        headers: { "content-type": "application/x-something" },
        payload: "\u0000\u0001",
      });
      assert.equal(odd.statusCode, 415);
      const json = await t.app.inject({
        method: "POST",
        url: "/echo",
        headers: { "content-type": "application/json" },
        payload: "{not json",
      });
      assert.ok(json.statusCode >= 400 && json.statusCode < 500, `got ${json.statusCode}`);
      for (const res of [big, odd, json]) assert.doesNotMatch(res.body, /at .*\.ts:\d+|Error:/);
    });

    test("/livez and /readyz say the process and database are fine", async () => {
      assert.equal((await t.app.inject({ url: "/livez" })).statusCode, 200);
      const ready = await t.app.inject({ url: "/readyz" });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().database, "ok");
    });
  });
}

describe("rate limits", () => {
  test("POSTs are limited per client and reading pages is not", async () => {
    const t = await buildTestApp("sqlite", { POST_RATE_LIMIT: "3" }, {}, addEchoRoute);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: "POST", url: "/echo", payload: {} });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses.slice(3), [429, 429]);
      const limited = await t.app.inject({ method: "POST", url: "/echo", payload: {} });
      assert.match(limited.body, /Too many attempts/);
      for (let i = 0; i < 10; i++) assert.equal((await t.app.inject({ url: "/" })).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});
