// A first visit gets one CSRF secret cookie, made as @fastify/csrf-protection makes it, and
// the token on its page is accepted with that cookie and refused with any other.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";

describe("CSRF secret on a first visit", () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(testDialects()[0]);
  });
  after(() => t.close());

  const post = (cookies: Record<string, string>, token: string | undefined) =>
    t.app.inject({
      method: "POST",
      url: "/services/report-a-theft/emergency",
      headers: {
        cookie: cookieHeader(cookies),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${token}&emergency=no`,
    });

  test("one secret cookie, fresh per visitor, and the page's token works with it", async () => {
    const first = await t.app.inject({ url: "/services/report-a-theft/emergency" });
    const second = await t.app.inject({ url: "/services/report-a-theft/emergency" });
    const secrets = [first, second].map((res) => {
      const set = res.cookies.filter((c) => c.name === "csrf");
      assert.equal(set.length, 1, "exactly one csrf cookie");
      assert.match(set[0].value, /^[A-Za-z0-9_-]{24}$/, "18 random bytes, base64url");
      assert.equal(set[0].httpOnly, true);
      assert.equal(set[0].sameSite, "Lax");
      assert.equal(set[0].path, "/");
      return set[0].value;
    });
    assert.notEqual(secrets[0], secrets[1]);

    const { token, cookies } = formState(first);
    assert.equal((await post(cookies, token)).statusCode, 303);
    assert.equal((await post({ csrf: secrets[1] }, token)).statusCode, 403);
  });

  test("a visitor who has a secret keeps it", async () => {
    const first = await t.app.inject({ url: "/services/report-a-theft/emergency" });
    const { cookies } = formState(first);
    const again = await t.app.inject({
      url: "/services/report-a-theft/emergency",
      headers: { cookie: cookieHeader(cookies) },
    });
    assert.equal(again.cookies.filter((c) => c.name === "csrf").length, 0);
    assert.equal((await post(cookies, formState(again).token)).statusCode, 303);
  });
});
