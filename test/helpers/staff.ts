// Signing in to the back office in tests, the way a person does: password, then a code
// from the authenticator app (computed here from the account's secret).
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { StaffRole } from "../../src/cases/tables.ts";
import type { Database } from "../../src/db/schema.ts";
import { createStaff } from "../../src/staff/accounts.ts";
import { newTotpSecret, totpCode } from "../../src/staff/totp.ts";
import { cookieHeader, formState } from "./app.ts";

export const TEST_PASSWORD = "correct horse battery staple";

/** A browser for the back office: keeps cookies, fetches CSRF tokens before each POST. */
export class StaffBrowser {
  cookies: Record<string, string> = {};
  readonly app: FastifyInstance;
  constructor(app: FastifyInstance) {
    this.app = app;
  }
  private keep(res: { cookies: Array<{ name: string; value: string }> }) {
    for (const c of res.cookies) {
      if (c.value === "") delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }
  async get(url: string) {
    const res = await this.app.inject({ url, headers: { cookie: cookieHeader(this.cookies) } });
    this.keep(res);
    return res;
  }
  /** POSTs a form, taking the CSRF token from `fromPage` (default: the same URL). */
  async post(url: string, body: Record<string, string | string[]>, fromPage = url) {
    const page = await this.get(fromPage);
    const { token } = formState(page);
    return this.postWithToken(url, body, token ?? "");
  }
  /**
   * POSTs a form with a CSRF token already in hand, without fetching a page first: for
   * several requests sent at once. Cookies the answer sets are kept, as by `post`.
   */
  async postWithToken(url: string, body: Record<string, string | string[]>, token: string) {
    const params = new URLSearchParams({ _csrf: token });
    for (const [key, value] of Object.entries(body)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    const res = await this.app.inject({
      method: "POST",
      url,
      headers: {
        cookie: cookieHeader(this.cookies),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: params.toString(),
    });
    this.keep(res);
    return res;
  }
}

export async function createTestStaff(
  db: Kysely<Database>,
  options: { email?: string; role?: StaffRole; teamIds?: string[]; name?: string } = {},
) {
  const totpSecret = newTotpSecret();
  const email =
    options.email ??
    `${options.role ?? "officer"}-${Math.random().toString(36).slice(2)}@force.example`;
  const id = await createStaff(db, {
    email,
    name: options.name ?? "Test Officer",
    role: options.role ?? "officer",
    password: TEST_PASSWORD,
    teamIds: options.teamIds ?? ["online-crime-triage"],
    totpSecret,
  });
  return { id, email, totpSecret };
}

/** Signs in with password and code; returns the browser, signed in. */
export async function signIn(
  app: FastifyInstance,
  account: { email: string; totpSecret: string },
  now = new Date(),
) {
  const browser = new StaffBrowser(app);
  const first = await browser.post("/staff/sign-in", {
    email: account.email,
    password: TEST_PASSWORD,
  });
  assert.equal(first.statusCode, 303, "password accepted");
  assert.equal(first.headers.location, "/staff/sign-in/code");
  const second = await browser.post("/staff/sign-in/code", {
    code: totpCode(account.totpSecret, now),
  });
  assert.equal(second.statusCode, 303, "code accepted");
  return browser;
}

/** The account's sign-in counters as stored: wrong attempts in a row and the lock. */
export async function lockState(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("staff")
    .select(["failed_attempts", "locked_until"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}
