// Signing in to the back office: password then a second factor, the same answer for an
// unknown account and a wrong password, throttling, session rotation and time limits.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createStaff } from "../../src/staff/accounts.ts";
import { totpCode } from "../../src/staff/totp.ts";
import { buildTestApp, formState } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import {
  createTestStaff,
  lockState,
  StaffBrowser,
  signIn,
  TEST_PASSWORD,
} from "../helpers/staff.ts";

/** A page with what differs per request (nonce, CSRF token) taken out. */
const comparable = (body: string) =>
  body.replace(/nonce="[^"]+"/g, "").replace(/name="_csrf" value="[^"]+"/g, "");

for (const dialect of testDialects()) {
  describe(`staff sign-in (${dialect})`, () => {
    test("the back office needs a signed-in member of staff", async () => {
      const t = await buildTestApp(dialect);
      try {
        for (const url of ["/staff", "/staff/queues/online-crime-triage", "/staff/admin/staff"]) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 303, url);
          assert.match(String(res.headers.location), /^\/staff\/sign-in\?returnTo=/);
        }
      } finally {
        await t.close();
      }
    });

    test("first sign-in sets up the authenticator app, then the code is needed every time", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        await createStaff(db, {
          email: "new.officer@force.example",
          name: "New Officer",
          role: "officer",
          password: TEST_PASSWORD,
          teamIds: ["online-crime-triage"],
        });
        const browser = new StaffBrowser(t.app);
        await browser.get("/staff/sign-in");
        const before = { ...browser.cookies };
        const password = await browser.post("/staff/sign-in", {
          email: "New.Officer@force.example ",
          password: TEST_PASSWORD,
        });
        assert.equal(password.headers.location, "/staff/sign-in/set-up");
        assert.notEqual(
          browser.cookies.session,
          before.session,
          "the session id is new after the password",
        );
        const setUp = await browser.get("/staff/sign-in/set-up");
        assert.equal(setUp.statusCode, 200);
        assert.match(setUp.body, /<svg/);
        const key = /<code class="bl-key">([^<]+)<\/code>/.exec(setUp.body)?.[1].replace(/\s/g, "");
        assert.ok(key, "the key is shown to type in");
        assert.equal(
          (await browser.post("/staff/sign-in/set-up", { code: "000000" })).statusCode,
          422,
        );
        const afterPassword = browser.cookies.session;
        const done = await browser.post("/staff/sign-in/set-up", { code: totpCode(key) });
        assert.equal(done.statusCode, 303);
        assert.equal(done.headers.location, "/staff");
        assert.notEqual(
          browser.cookies.session,
          afterPassword,
          "rotated again when fully signed in",
        );
        const home = await browser.get("/staff");
        assert.equal(home.statusCode, 200);
        assert.match(home.body, /Online crime reporting triage desk/);

        // Next time: password, then the code from the app.
        const again = new StaffBrowser(t.app);
        const step = await again.post("/staff/sign-in", {
          email: "new.officer@force.example",
          password: TEST_PASSWORD,
        });
        assert.equal(step.headers.location, "/staff/sign-in/code");
        const early = await again.get("/staff");
        assert.equal(early.statusCode, 303, "not in before the code");
        assert.equal(early.headers.location, "/staff/sign-in/code");
        assert.equal(
          (await again.post("/staff/sign-in/code", { code: totpCode(key) })).statusCode,
          303,
        );
        assert.equal((await again.get("/staff")).statusCode, 200);
      } finally {
        await t.close();
      }
    });

    test("an unknown email and a wrong password get the same answer; five failures lock the account", async () => {
      const t = await buildTestApp(dialect);
      try {
        const account = await createTestStaff(t.database.handle.db);
        const browser = new StaffBrowser(t.app);
        const unknown = await browser.post("/staff/sign-in", {
          email: "nobody@force.example",
          password: TEST_PASSWORD,
        });
        const wrong = await browser.post("/staff/sign-in", {
          email: "nobody@force.example",
          password: "wrong password!",
        });
        const wrongForReal = await browser.post("/staff/sign-in", {
          email: account.email,
          password: "wrong password!",
        });
        assert.equal(unknown.statusCode, 422);
        assert.equal(wrongForReal.statusCode, 422);
        assert.equal(comparable(unknown.body), comparable(wrong.body));
        assert.equal(
          comparable(wrongForReal.body).replace(account.email, "EMAIL"),
          comparable(unknown.body).replace("nobody@force.example", "EMAIL"),
        );
        assert.match(unknown.body, /<title>Error: /);
        for (let i = 0; i < 4; i++)
          await browser.post("/staff/sign-in", { email: account.email, password: "wrong again!!" });
        const locked = await browser.post("/staff/sign-in", {
          email: account.email,
          password: TEST_PASSWORD,
        });
        assert.equal(locked.statusCode, 422, "the right password does not open a locked account");
        assert.equal(
          comparable(locked.body).replace(account.email, "EMAIL"),
          comparable(unknown.body).replace("nobody@force.example", "EMAIL"),
        );
      } finally {
        await t.close();
      }
    });

    test("wrong passwords sent all at once cannot get past the lock", async () => {
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "1000" });
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = new StaffBrowser(t.app);
        const page = await browser.get("/staff/sign-in");
        const { token } = formState(page);
        const attempt = (password: string) =>
          browser.postWithToken("/staff/sign-in", { email: account.email, password }, token ?? "");
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) => attempt(`wrong guess ${i}`)),
        );
        assert.ok(answers.every((a) => a.statusCode === 422));
        const row = await lockState(db, account.id);
        assert.equal(row.failed_attempts, 5, "counted up to the lock, not beyond");
        assert.ok(row.locked_until, "locked");
        assert.equal((await attempt(TEST_PASSWORD)).statusCode, 422, "the right one is refused");

        // A right password takes back the attempt it was counted as.
        const other = await createTestStaff(db);
        await signIn(t.app, other);
        const after = await lockState(db, other.id);
        assert.equal(after.failed_attempts, 0);
        assert.equal(after.locked_until, null);
      } finally {
        await t.close();
      }
    });

    test("wrong codes sent all at once cannot get past the lock either", async () => {
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "1000" });
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = new StaffBrowser(t.app);
        const step = await browser.post("/staff/sign-in", {
          email: account.email,
          password: TEST_PASSWORD,
        });
        assert.equal(step.headers.location, "/staff/sign-in/code");
        const { token } = formState(await browser.get("/staff/sign-in/code"));
        // A code no window around now accepts.
        const valid = [-30_000, 0, 30_000].map((ms) =>
          totpCode(account.totpSecret, new Date(Date.now() + ms)),
        );
        let wrong = 0;
        while (valid.includes(String(wrong).padStart(6, "0"))) wrong++;
        const code = String(wrong).padStart(6, "0");
        const answers = await Promise.all(
          Array.from({ length: 12 }, () =>
            browser.postWithToken("/staff/sign-in/code", { code }, token ?? ""),
          ),
        );
        assert.equal(answers.filter((a) => a.statusCode === 422).length, 5, "five checked");
        assert.ok(
          answers.every((a) => a.statusCode === 422 || a.headers.location === "/staff/sign-in"),
          "the rest are sent back to the start",
        );
        const row = await lockState(db, account.id);
        assert.equal(row.failed_attempts, 5);
        assert.ok(row.locked_until, "locked");
      } finally {
        await t.close();
      }
    });

    test("a right password as the fifth attempt signs in", async () => {
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "1000" });
      try {
        const account = await createTestStaff(t.database.handle.db);
        const browser = new StaffBrowser(t.app);
        for (let i = 0; i < 4; i++) {
          await browser.post("/staff/sign-in", { email: account.email, password: `nope ${i}!!` });
        }
        const signedIn = await signIn(t.app, account);
        assert.equal((await signedIn.get("/staff")).statusCode, 200);
      } finally {
        await t.close();
      }
    });

    test("once a lock has run out, the right password signs in all the way", async () => {
      let now = new Date("2026-12-04T09:00:00Z");
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "1000" }, { now: () => now });
      try {
        const account = await createTestStaff(t.database.handle.db);
        const browser = new StaffBrowser(t.app);
        for (let i = 0; i < 5; i++) {
          const wrong = await browser.post("/staff/sign-in", {
            email: account.email,
            password: `wrong guess ${i}`,
          });
          assert.equal(wrong.statusCode, 422);
        }
        const locked = await browser.post("/staff/sign-in", {
          email: account.email,
          password: TEST_PASSWORD,
        });
        assert.equal(locked.statusCode, 422, "locked for now");
        now = new Date("2026-12-04T09:16:00Z");
        const signedIn = await signIn(t.app, account, now);
        assert.equal((await signedIn.get("/staff")).statusCode, 200);
        const row = await lockState(t.database.handle.db, account.id);
        assert.equal(row.failed_attempts, 0);
        assert.equal(row.locked_until, null);
      } finally {
        await t.close();
      }
    });

    test("sign-in attempts are limited per client", async () => {
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "3" });
      try {
        const browser = new StaffBrowser(t.app);
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          statuses.push(
            (
              await browser.post("/staff/sign-in", {
                email: "guess@force.example",
                password: `guess ${i}`,
              })
            ).statusCode,
          );
        }
        assert.deepEqual(statuses, [422, 422, 422, 429, 429]);
      } finally {
        await t.close();
      }
    });

    test("staff are signed out after the idle time and after the absolute limit", async () => {
      let now = new Date("2026-12-04T09:00:00Z");
      const t = await buildTestApp(
        dialect,
        { STAFF_IDLE_MINUTES: "30", STAFF_SESSION_HOURS: "2" },
        { now: () => now },
      );
      try {
        const account = await createTestStaff(t.database.handle.db);
        const browser = await signIn(t.app, account, now);
        // Active every 20 minutes: fine until two hours have passed.
        for (let minutes = 20; minutes < 120; minutes += 20) {
          now = new Date(Date.parse("2026-12-04T09:00:00Z") + minutes * 60_000);
          assert.equal((await browser.get("/staff")).statusCode, 200, `after ${minutes} minutes`);
        }
        now = new Date("2026-12-04T11:01:00Z");
        const absolute = await browser.get("/staff");
        assert.equal(absolute.statusCode, 303);
        assert.match(String(absolute.headers.location), /expired=1/);

        const other = await signIn(t.app, account, now);
        now = new Date("2026-12-04T11:32:00Z"); // 31 minutes idle
        const idle = await other.get("/staff");
        assert.equal(idle.statusCode, 303);
        assert.match(String(idle.headers.location), /expired=1/);
      } finally {
        await t.close();
      }
    });

    test("signing out ends the session, and back-office POSTs need a CSRF token", async () => {
      const t = await buildTestApp(dialect);
      try {
        const account = await createTestStaff(t.database.handle.db);
        const browser = await signIn(t.app, account);
        const forged = await t.app.inject({
          method: "POST",
          url: "/staff/sign-out",
          headers: {
            cookie: `session=${browser.cookies.session}`,
            "content-type": "application/x-www-form-urlencoded",
          },
          payload: "",
        });
        assert.equal(forged.statusCode, 403);
        const out = await browser.post("/staff/sign-out", {}, "/staff");
        assert.equal(out.statusCode, 303);
        assert.equal((await browser.get("/staff")).statusCode, 303);
        const events = await t.database.handle.db
          .selectFrom("audit_log")
          .select("action")
          .where("staff_id", "=", account.id)
          .orderBy("at")
          .execute();
        assert.deepEqual(
          events.map((e) => e.action),
          ["sign-in", "sign-out"],
        );
      } finally {
        await t.close();
      }
    });
  });
}
