// A member of staff changes their own password: every mistake gets its own message and
// nothing changes; a wrong current password counts towards the lock; a change keeps this
// session (under a new token), ends the account's other sessions, and only the new password
// signs in afterwards. The person is told by email.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
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

const PATH = "/staff/account/password";
const NEW_PASSWORD = "a brand new and longer passphrase";

/** The error summary's messages, in order. */
function summary(body: string): string[] {
  const list = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body);
  return [...(list?.[1] ?? "").matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

async function signInWith(
  app: StaffBrowser["app"],
  account: { email: string; totpSecret: string },
  password: string,
) {
  const browser = new StaffBrowser(app);
  const first = await browser.post("/staff/sign-in", { email: account.email, password });
  if (first.statusCode !== 303) return { browser, signedIn: false };
  const second = await browser.post("/staff/sign-in/code", { code: totpCode(account.totpSecret) });
  return { browser, signedIn: second.statusCode === 303 };
}

for (const dialect of testDialects()) {
  describe(`changing your own password (${dialect})`, () => {
    test("the page is there for every role, linked from every back-office page", async () => {
      const t = await buildTestApp(dialect);
      try {
        assert.equal((await t.app.inject({ url: PATH })).statusCode, 303, "signed in only");
        for (const role of ["officer", "editor"] as const) {
          const account = await createTestStaff(t.database.handle.db, { role, teamIds: [] });
          const browser = await signIn(t.app, account);
          const home = await browser.get("/staff");
          assert.match(home.body, /<a class="govuk-link[^"]*" href="\/staff\/account\/password">/);
          const page = await browser.get(PATH);
          assert.equal(page.statusCode, 200, role);
          assert.match(page.body, /<title>Change your password &ndash; /);
          for (const [id, autocomplete] of [
            ["current", "current-password"],
            ["password", "new-password"],
            ["confirm", "new-password"],
          ]) {
            assert.match(
              page.body,
              new RegExp(
                `id="${id}" name="${id}" type="password"[^>]*autocomplete="${autocomplete}"`,
              ),
            );
          }
        }
      } finally {
        await t.close();
      }
    });

    test("each mistake gets its own message, the passwords are not sent back, and nothing changes", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = await signIn(t.app, account);
        const hashBefore = (
          await db
            .selectFrom("staff")
            .select("password_hash")
            .where("id", "=", account.id)
            .executeTakeFirstOrThrow()
        ).password_hash;
        const cases: Array<[Record<string, string>, string[]]> = [
          [
            { current: "", password: "", confirm: "" },
            [
              "#current Enter your current password",
              "#password Enter a new password",
              "#confirm Enter your new password again",
            ],
          ],
          [
            { current: TEST_PASSWORD, password: "too short", confirm: "too short" },
            ["#password Your new password must be 12 characters or more"],
          ],
          [
            { current: TEST_PASSWORD, password: "x".repeat(201), confirm: "x".repeat(201) },
            ["#password Your new password must be 200 characters or less"],
          ],
          [
            { current: TEST_PASSWORD, password: TEST_PASSWORD, confirm: TEST_PASSWORD },
            ["#password Your new password must be different from your current password"],
          ],
          [
            { current: TEST_PASSWORD, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` },
            ["#confirm The passwords do not match. Enter your new password again"],
          ],
          [
            { current: "not my password", password: NEW_PASSWORD, confirm: NEW_PASSWORD },
            ["#current The current password you entered is not right"],
          ],
        ];
        for (const [body, expected] of cases) {
          const res = await browser.post(PATH, body);
          assert.equal(res.statusCode, 422, expected[0]);
          assert.match(res.body, /<title>Error: Change your password &ndash; /);
          assert.deepEqual(summary(res.body), expected);
          for (const value of Object.values(body).filter((v) => v.length > 3)) {
            assert.ok(!res.body.includes(`value="${value}"`), "a password is never sent back");
          }
        }
        const after = await db
          .selectFrom("staff")
          .select(["password_hash", "credentials_changed_at", "failed_attempts"])
          .where("id", "=", account.id)
          .executeTakeFirstOrThrow();
        assert.equal(after.password_hash, hashBefore);
        assert.equal(after.credentials_changed_at, null);
        assert.equal(after.failed_attempts, 1, "only the wrong current password counts");
        const mail = await db.selectFrom("outbox").select("id").execute();
        assert.equal(mail.length, 0, "no email about a change that did not happen");
        assert.equal((await browser.get("/staff")).statusCode, 200, "still signed in");
        assert.ok((await signInWith(t.app, account, TEST_PASSWORD)).signedIn);
      } finally {
        await t.close();
      }
    });

    test("a wrong current password counts towards the lock; locked, even the right one is refused", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = await signIn(t.app, account);
        for (let i = 0; i < 5; i++) {
          const res = await browser.post(PATH, {
            current: `guess number ${i}`,
            password: NEW_PASSWORD,
            confirm: NEW_PASSWORD,
          });
          assert.equal(res.statusCode, 422);
        }
        const locked = await browser.post(PATH, {
          current: TEST_PASSWORD,
          password: NEW_PASSWORD,
          confirm: NEW_PASSWORD,
        });
        assert.equal(locked.statusCode, 422);
        assert.deepEqual(summary(locked.body), [
          "#current Your account is locked because of too many wrong attempts. Try again later, or ask an administrator to unlock it",
        ]);
        assert.equal(
          (await signInWith(t.app, account, TEST_PASSWORD)).signedIn,
          false,
          "the lock holds at sign-in too",
        );
        const failures = await db
          .selectFrom("audit_log")
          .select("action")
          .where("staff_id", "=", account.id)
          .where("action", "=", "password-change-failed")
          .execute();
        assert.equal(failures.length, 6);
      } finally {
        await t.close();
      }
    });

    test("guesses sent all at once cannot get past the lock", async () => {
      const t = await buildTestApp(dialect, { STAFF_SIGN_IN_LIMIT: "1000" });
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = await signIn(t.app, account);
        const page = await browser.get(PATH);
        const { token } = formState(page);
        const guess = (i: number) =>
          browser.postWithToken(
            PATH,
            { current: `guess number ${i}`, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
            token ?? "",
          );
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => guess(i)));
        assert.deepEqual(
          answers.map((a) => a.statusCode),
          Array(12).fill(422),
        );
        const checked = answers.filter((a) => /is not right/.test(a.body)).length;
        assert.equal(checked, 5, "only five guesses are checked; the rest find the account locked");
        const row = await lockState(db, account.id);
        assert.equal(row.failed_attempts, 5);
        assert.ok(row.locked_until, "locked");
      } finally {
        await t.close();
      }
    });

    test("a change keeps this session under a new token, ends the others, and only the new password signs in", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const here = await signIn(t.app, account);
        const elsewhere = await signIn(t.app, account);
        assert.equal((await elsewhere.get("/staff")).statusCode, 200);
        const tokenBefore = here.cookies.session;

        const done = await here.post(PATH, {
          current: TEST_PASSWORD,
          password: NEW_PASSWORD,
          confirm: NEW_PASSWORD,
        });
        assert.equal(done.statusCode, 303);
        assert.equal(done.headers.location, PATH);
        assert.notEqual(here.cookies.session, tokenBefore, "a new session token");
        const confirmation = await here.get(PATH);
        assert.equal(confirmation.statusCode, 200);
        assert.match(confirmation.body, /govuk-notification-banner--success/);
        assert.match(confirmation.body, /Your password has been changed\./);
        assert.doesNotMatch((await here.get(PATH)).body, /has been changed/, "said once");
        assert.equal((await here.get("/staff")).statusCode, 200, "this session carries on");

        const other = await elsewhere.get("/staff");
        assert.equal(other.statusCode, 303, "the other session has ended");
        assert.match(String(other.headers.location), /^\/staff\/sign-in/);
        const stolen = await t.app.inject({
          url: "/staff",
          headers: { cookie: `session=${tokenBefore}` },
        });
        assert.equal(stolen.statusCode, 303, "the old token no longer works");

        assert.equal((await signInWith(t.app, account, TEST_PASSWORD)).signedIn, false);
        assert.equal((await signInWith(t.app, account, NEW_PASSWORD)).signedIn, true);

        const events = await db
          .selectFrom("audit_log")
          .select("action")
          .where("staff_id", "=", account.id)
          .where("action", "like", "password%")
          .execute();
        assert.deepEqual(
          events.map((e) => e.action),
          ["password-changed"],
        );

        // They are told by email, in case it was not them; the password itself is not in it.
        const mail = await db
          .selectFrom("outbox")
          .select(["recipient", "subject", "body"])
          .where("recipient", "=", account.email)
          .execute();
        assert.equal(mail.length, 1);
        assert.equal(mail[0].subject, "Your Bluelamp Police back-office password was changed");
        assert.match(mail[0].body ?? "", /If you did not, tell an administrator straight away/);
        assert.ok(!(mail[0].body ?? "").includes(NEW_PASSWORD));
      } finally {
        await t.close();
      }
    });

    test("after an admin's reset, a session that changed its password earlier ends too", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const account = await createTestStaff(db);
        const browser = await signIn(t.app, account);
        const changed = await browser.post(PATH, {
          current: TEST_PASSWORD,
          password: NEW_PASSWORD,
          confirm: NEW_PASSWORD,
        });
        assert.equal(changed.statusCode, 303);
        assert.equal((await browser.get("/staff")).statusCode, 200);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await db
          .updateTable("staff")
          .set({ credentials_changed_at: new Date().toISOString() })
          .where("id", "=", account.id)
          .execute();
        assert.equal((await browser.get("/staff")).statusCode, 303);
      } finally {
        await t.close();
      }
    });
  });
}
