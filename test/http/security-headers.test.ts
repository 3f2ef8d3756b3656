// Every response carries the full set of security headers, whatever answered it: a page, a
// redirect, an error page, a refused POST or a static file. The CSP's nonces are fresh on
// every response and the page's inline script carries the script nonce.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";

const fixed = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "same-origin",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "DENY",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

const policy = (upgrade: boolean) =>
  new RegExp(
    "^default-src 'self';script-src 'self' 'nonce-([0-9a-f]{32})';style-src 'self' 'nonce-([0-9a-f]{32})';" +
      "img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';" +
      `frame-ancestors 'none';base-uri 'none';object-src 'none'${upgrade ? ";upgrade-insecure-requests" : ""}$`,
  );

type Response = { statusCode: number; headers: Record<string, unknown>; body: string };

function assertSecurityHeaders(res: Response, upgrade = false): { script: string; style: string } {
  for (const [name, value] of Object.entries(fixed)) {
    assert.equal(res.headers[name], value, `${name} on a ${res.statusCode}`);
  }
  const csp = policy(upgrade).exec(String(res.headers["content-security-policy"]));
  assert.ok(csp, `the CSP on a ${res.statusCode}: ${res.headers["content-security-policy"]}`);
  return { script: csp[1], style: csp[2] };
}

const dialect = testDialects()[0];

describe("security headers", () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(dialect);
  });
  after(() => t.close());

  test("a page: fixed headers, fresh nonces, the script nonce on the inline script", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ url: "/services/report-a-theft/emergency" });
      assert.equal(res.statusCode, 200);
      const { script, style } = assertSecurityHeaders(res);
      assert.notEqual(script, style);
      assert.match(res.body, new RegExp(`<script nonce="${script}">`));
      seen.add(script).add(style);
      assert.equal(res.headers["cache-control"], "no-store");
    }
    assert.equal(seen.size, 6, "no nonce is ever used twice");
  });

  test("redirects, error pages and refused POSTs carry them too", async () => {
    const page = await t.app.inject({ url: "/services/report-a-theft/emergency" });
    const { token, cookies } = formState(page);
    const post = (payload: string) =>
      t.app.inject({
        method: "POST",
        url: "/services/report-a-theft/emergency",
        headers: {
          cookie: cookieHeader(cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload,
      });
    const redirect = await post(`_csrf=${token}&emergency=no`);
    assert.equal(redirect.statusCode, 303);
    assertSecurityHeaders(redirect);
    assert.equal(redirect.headers["cache-control"], "no-store");

    const invalid = await post(`_csrf=${token}`);
    assert.equal(invalid.statusCode, 422);
    assertSecurityHeaders(invalid);

    const forged = await post("_csrf=forged&emergency=no");
    assert.equal(forged.statusCode, 403);
    assertSecurityHeaders(forged);

    const missing = await t.app.inject({ url: "/no-such-page" });
    assert.equal(missing.statusCode, 404);
    assertSecurityHeaders(missing);
  });

  test("static files carry them, with their own caching", async () => {
    const res = await t.app.inject({ url: "/assets/application.css" });
    assert.equal(res.statusCode, 200);
    assertSecurityHeaders(res);
    assert.match(String(res.headers["cache-control"]), /max-age=/);
  });
});

describe("security headers in production", () => {
  test("the CSP also upgrades insecure requests", async () => {
    const t = await buildTestApp(dialect, {
      NODE_ENV: "production",
      PUBLIC_URL: "https://police.example",
      SESSION_SECRET: "a-long-enough-secret-for-the-production-check-0123456789",
    });
    try {
      const res = await t.app.inject({ url: "/" });
      assert.equal(res.statusCode, 200);
      assertSecurityHeaders(res, true);
    } finally {
      await t.close();
    }
  });
});
