// Staff accounts in the back office: an admin adds someone, who can then sign in and set up
// their authenticator app; changes of role and teams take effect at once; deactivated
// accounts cannot sign in; locks, second factors and passwords can be reset; and an admin
// cannot deactivate or demote themselves.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { findStaffByEmail } from "../../src/staff/accounts.ts";
import { totpCode } from "../../src/staff/totp.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, StaffBrowser, signIn, TEST_PASSWORD } from "../helpers/staff.ts";

const NEW_PASSWORD = /id="new-password">([^<]+)</;

/** Signs in with a password; returns the browser and where it was sent next. */
async function signInWithPassword(t: TestApp, email: string, password: string) {
  const browser = new StaffBrowser(t.app);
  const res = await browser.post("/staff/sign-in", { email, password });
  return { browser, res };
}

/** Completes a first sign-in: reads the key from the set-up page and confirms a code. */
async function setUpAuthenticator(browser: StaffBrowser) {
  const page = await browser.get("/staff/sign-in/set-up");
  assert.equal(page.statusCode, 200);
  const key = /<code class="bl-key">([^<]+)<\/code>/.exec(page.body)?.[1].replace(/\s/g, "");
  assert.ok(key, "the set-up page shows a key");
  const done = await browser.post("/staff/sign-in/set-up", { code: totpCode(key) });
  assert.equal(done.statusCode, 303);
  return key;
}

async function auditActions(db: Kysely<Database>, staffId: string) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["action", "detail"])
    .where("staff_id", "=", staffId)
    .orderBy("at")
    .execute();
  return rows.map((r) => ({ action: r.action, detail: JSON.parse(r.detail) }));
}

async function setUp(dialect: "sqlite" | "postgres") {
  const t = await buildTestApp(dialect);
  const db = t.database.handle.db;
  const adminAccount = await createTestStaff(db, { role: "admin", name: "Ada Admin" });
  const admin = await signIn(t.app, adminAccount);
  return { t, db, adminAccount, admin };
}

for (const dialect of testDialects()) {
  describe(`admin: staff accounts (${dialect})`, () => {
    test("an admin adds an account with a password made for them, shown once; the new person signs in and sets up their authenticator app", async () => {
      const { t, db, adminAccount, admin } = await setUp(dialect);
      try {
        const form = await admin.get("/staff/admin/staff/new");
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /Roads policing unit/, "teams to choose from");
        const res = await admin.post("/staff/admin/staff/new", {
          name: "Nia New",
          email: "  Nia.New@Force.example ",
          role: "officer",
          teams: ["roads-policing", "licensing"],
        });
        assert.equal(res.statusCode, 303);
        const account = await findStaffByEmail(db, "nia.new@force.example");
        assert.ok(account, "stored with the email normalised");
        assert.equal(res.headers.location, `/staff/admin/staff/${account.id}`);
        assert.equal(account.role, "officer");
        assert.equal(account.totp_secret, null, "no second factor until they set one up");

        const page = await admin.get(String(res.headers.location));
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers["cache-control"], "no-store");
        const password = NEW_PASSWORD.exec(page.body)?.[1];
        assert.ok(password && password.length >= 12, "the password is shown");
        assert.match(page.body, /Licensing team/);
        assert.match(page.body, /Roads policing unit/);
        assert.match(page.body, /Not set up yet/);
        const again = await admin.get(String(res.headers.location));
        assert.doesNotMatch(again.body, NEW_PASSWORD, "and only once");
        assert.ok(!again.body.includes(password));

        const list = await admin.get("/staff/admin/staff");
        assert.match(list.body, /Nia New/);
        assert.match(list.body, /No second factor yet/);

        const { browser, res: first } = await signInWithPassword(
          t,
          "nia.new@force.example",
          password,
        );
        assert.equal(
          first.headers.location,
          "/staff/sign-in/set-up",
          "first sign-in: set up the app",
        );
        await setUpAuthenticator(browser);
        const home = await browser.get("/staff");
        assert.equal(home.statusCode, 200);
        assert.match(home.body, /Roads policing unit/, "sees their teams' queues");
        assert.equal((await browser.get("/staff/admin/staff")).statusCode, 403, "an officer");

        const created = (await auditActions(db, adminAccount.id)).find(
          (e) => e.action === "staff-account-created",
        );
        assert.deepEqual(created?.detail, {
          account: account.id,
          role: "officer",
          teams: ["roads-policing", "licensing"],
        });
        const everything = JSON.stringify(
          await db.selectFrom("audit_log").select("detail").execute(),
        );
        assert.ok(!everything.includes(password), "the password is never in the audit log");
      } finally {
        await t.close();
      }
    });

    test("an admin can choose the password; bad answers get the error summary and keep what was typed", async () => {
      const { t, db, admin } = await setUp(dialect);
      try {
        const bad = await admin.post("/staff/admin/staff/new", {
          name: "",
          email: "not an email",
          role: "superuser",
          teams: ["no-such-team"],
          password: "too short",
        });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /<title>Error: Add a staff account/);
        for (const href of ["#name", "#email", "#role", "#teams", "#password"])
          assert.match(bad.body, new RegExp(`<a href="${href}">`), href);
        assert.match(bad.body, /value="not an email"/, "what was typed is kept");
        assert.doesNotMatch(bad.body, /too short/, "but never the password");

        const ok = await admin.post("/staff/admin/staff/new", {
          name: "Pat Chosen",
          email: "pat@force.example",
          role: "editor",
          password: "a password I chose",
        });
        assert.equal(ok.statusCode, 303);
        const page = await admin.get(String(ok.headers.location));
        assert.doesNotMatch(page.body, NEW_PASSWORD, "a chosen password is not shown back");
        const { res } = await signInWithPassword(t, "pat@force.example", "a password I chose");
        assert.equal(res.headers.location, "/staff/sign-in/set-up");

        const duplicate = await admin.post("/staff/admin/staff/new", {
          name: "Pat Again",
          email: "PAT@force.example",
          role: "editor",
        });
        assert.equal(duplicate.statusCode, 422);
        assert.match(duplicate.body, /There is already an account with this email address/);
        assert.equal(
          (
            await db
              .selectFrom("staff")
              .select("id")
              .where("email", "=", "pat@force.example")
              .execute()
          ).length,
          1,
        );
      } finally {
        await t.close();
      }
    });

    test("changes of name, role and teams persist and take effect at once", async () => {
      const { t, db, adminAccount, admin } = await setUp(dialect);
      try {
        const officer = await createTestStaff(db, {
          role: "officer",
          name: "Olly Officer",
          teamIds: ["online-crime-triage"],
        });
        const theirs = await signIn(t.app, officer);
        assert.equal((await theirs.get("/staff/admin/teams")).statusCode, 403);
        const url = `/staff/admin/staff/${officer.id}`;
        const res = await admin.post(url, {
          name: "Olly Supervisor",
          role: "supervisor",
          teams: ["roads-policing"],
        });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, url);
        const page = await admin.get(url);
        assert.match(page.body, /Olly Supervisor’s account is saved/);
        const row = await findStaffByEmail(db, officer.email);
        assert.equal(row?.role, "supervisor");
        assert.equal(row?.name, "Olly Supervisor");
        const teams = await db
          .selectFrom("team_members")
          .select("team_id")
          .where("staff_id", "=", officer.id)
          .execute();
        assert.deepEqual(
          teams.map((r) => r.team_id),
          ["roads-policing"],
        );
        const home = await theirs.get("/staff");
        assert.match(home.body, /Roads policing unit/, "their session sees the new team at once");
        assert.doesNotMatch(home.body, /Online crime reporting triage desk/);

        const change = (await auditActions(db, adminAccount.id)).find(
          (e) => e.action === "staff-account-changed",
        );
        assert.deepEqual(change?.detail, {
          account: officer.id,
          name: "changed",
          role: { from: "officer", to: "supervisor" },
          teamsAdded: ["roads-policing"],
          teamsRemoved: ["online-crime-triage"],
        });

        const bad = await admin.post(url, { name: "", role: "chief", teams: ["nope"] });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /<title>Error: /);
        assert.match(bad.body, /Enter their full name/);
        assert.match(bad.body, /Select a role/);
        assert.equal((await findStaffByEmail(db, officer.email))?.role, "supervisor");
      } finally {
        await t.close();
      }
    });

    test("an admin cannot demote or deactivate themselves", async () => {
      const { t, db, adminAccount, admin } = await setUp(dialect);
      try {
        const url = `/staff/admin/staff/${adminAccount.id}`;
        const page = await admin.get(url);
        assert.match(page.body, /This is your own account/);
        assert.doesNotMatch(page.body, /Deactivate account/, "no button to deactivate oneself");
        const demote = await admin.post(url, { name: "Ada Admin", role: "officer", teams: [] });
        assert.equal(demote.statusCode, 422);
        assert.match(demote.body, /You cannot take away your own admin role/);
        const deactivate = await admin.post(`${url}/deactivate`, {}, url);
        assert.equal(deactivate.statusCode, 422);
        assert.match(deactivate.body, /You cannot deactivate your own account/);
        const row = await findStaffByEmail(db, adminAccount.email);
        assert.equal(row?.role, "admin");
        assert.equal(Number(row?.active), 1);
        assert.equal((await admin.get("/staff/admin/staff")).statusCode, 200, "still an admin");
        // Changing one's own name and teams is fine.
        const rename = await admin.post(url, {
          name: "Ada A. Admin",
          role: "admin",
          teams: ["licensing"],
        });
        assert.equal(rename.statusCode, 303);
        assert.equal((await findStaffByEmail(db, adminAccount.email))?.name, "Ada A. Admin");
      } finally {
        await t.close();
      }
    });

    test("a deactivated account is signed out at once and cannot sign in; reactivated, it can", async () => {
      const { t, db, adminAccount, admin } = await setUp(dialect);
      try {
        const officer = await createTestStaff(db, { role: "officer", name: "Dee Parted" });
        const theirs = await signIn(t.app, officer);
        const url = `/staff/admin/staff/${officer.id}`;
        const res = await admin.post(`${url}/deactivate`, {}, url);
        assert.equal(res.statusCode, 303);
        assert.match((await admin.get(url)).body, /account is deactivated/);
        assert.equal((await theirs.get("/staff")).statusCode, 303, "their session is over");
        const { res: refused } = await signInWithPassword(t, officer.email, TEST_PASSWORD);
        assert.equal(refused.statusCode, 422, "cannot sign in");
        assert.match(refused.body, /The email address or password is not right/);
        assert.match((await admin.get("/staff/admin/staff")).body, /Deactivated/);
        assert.equal((await admin.post(`${url}/deactivate`, {}, url)).statusCode, 422, "twice");

        assert.equal((await admin.post(`${url}/reactivate`, {}, url)).statusCode, 303);
        await signIn(t.app, officer);
        assert.deepEqual(
          (await auditActions(db, adminAccount.id))
            .map((e) => e.action)
            .filter((a) => a.startsWith("staff-account")),
          ["staff-account-deactivate", "staff-account-reactivate"],
        );
      } finally {
        await t.close();
      }
    });

    test("unlock, reset the authenticator app, and make a new password", async () => {
      const { t, db, admin } = await setUp(dialect);
      try {
        const officer = await createTestStaff(db, { role: "officer", name: "Lou Locked" });
        const url = `/staff/admin/staff/${officer.id}`;
        // Locked as five wrong passwords leave it (sign-in attempts are rate-limited, so set
        // directly; staff-auth.test.ts shows the lock itself).
        await db
          .updateTable("staff")
          .set({
            failed_attempts: 5,
            locked_until: new Date(Date.now() + 15 * 60_000).toISOString(),
          })
          .where("id", "=", officer.id)
          .execute();
        assert.equal(
          (await signInWithPassword(t, officer.email, TEST_PASSWORD)).res.statusCode,
          422,
          "locked",
        );
        const locked = await admin.get(url);
        assert.match(locked.body, /Locked after too many wrong attempts/);
        assert.match((await admin.get("/staff/admin/staff")).body, />\s*Locked\s*</);
        assert.equal((await admin.post(`${url}/unlock`, {}, url)).statusCode, 303);
        await signIn(t.app, officer);

        assert.equal((await admin.post(`${url}/reset-second-factor`, {}, url)).statusCode, 303);
        assert.equal((await findStaffByEmail(db, officer.email))?.totp_secret, null);
        const { browser, res } = await signInWithPassword(t, officer.email, TEST_PASSWORD);
        assert.equal(res.headers.location, "/staff/sign-in/set-up", "sets up the app again");
        const key = await setUpAuthenticator(browser);
        assert.notEqual(key, officer.totpSecret, "with a new key");

        const reset = await admin.post(`${url}/reset-password`, {}, url);
        assert.equal(reset.statusCode, 303);
        const password = NEW_PASSWORD.exec((await admin.get(url)).body)?.[1];
        assert.ok(password);
        assert.equal(
          (await signInWithPassword(t, officer.email, TEST_PASSWORD)).res.statusCode,
          422,
          "the old password no longer works",
        );
        const fresh = await signInWithPassword(t, officer.email, password);
        assert.equal(fresh.res.headers.location, "/staff/sign-in/code");
      } finally {
        await t.close();
      }
    });

    test("resetting someone's password or authenticator app ends the sessions they have open", async () => {
      const { t, db, admin } = await setUp(dialect);
      try {
        const officer = await createTestStaff(db, { role: "officer", name: "Pat Phone-Lost" });
        const url = `/staff/admin/staff/${officer.id}`;
        const onDesk = await signIn(t.app, officer);
        const onPhone = await signIn(t.app, officer);
        assert.equal((await onDesk.get("/staff")).statusCode, 200);
        // Half-way through signing in (password given, code not yet) when the reset comes.
        const halfWay = await signInWithPassword(t, officer.email, TEST_PASSWORD);
        assert.equal(halfWay.res.headers.location, "/staff/sign-in/code");
        await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond

        assert.equal((await admin.post(`${url}/reset-password`, {}, url)).statusCode, 303);
        for (const browser of [onDesk, onPhone]) {
          const res = await browser.get("/staff");
          assert.equal(res.statusCode, 303, "signed out");
          assert.match(String(res.headers.location), /^\/staff\/sign-in\?/);
        }
        const code = await halfWay.browser.get("/staff/sign-in/code");
        assert.equal(code.statusCode, 303, "the old password's first step is gone");
        assert.equal((await admin.get("/staff")).statusCode, 200, "the admin's own session stays");

        // Signing in again after the reset works, and a second factor reset ends that too.
        const password = NEW_PASSWORD.exec((await admin.get(url)).body)?.[1];
        assert.ok(password);
        const again = await signInWithPassword(t, officer.email, password);
        assert.equal(again.res.headers.location, "/staff/sign-in/code");
        const signedIn = await again.browser.post("/staff/sign-in/code", {
          code: totpCode(officer.totpSecret, new Date()),
        });
        assert.equal(signedIn.statusCode, 303);
        assert.equal((await again.browser.get("/staff")).statusCode, 200);
        await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal((await admin.post(`${url}/reset-second-factor`, {}, url)).statusCode, 303);
        assert.equal((await again.browser.get("/staff")).statusCode, 303, "signed out again");
      } finally {
        await t.close();
      }
    });

    test("the list shows role, teams, status and second factor, and can be searched", async () => {
      const { t, db, admin } = await setUp(dialect);
      try {
        await createTestStaff(db, {
          role: "supervisor",
          name: "Sam Search",
          email: "sam.search@force.example",
        });
        const list = await admin.get("/staff/admin/staff");
        assert.match(list.body, /Sam Search/);
        assert.match(list.body, /Supervisor/);
        assert.match(list.body, /Online crime reporting triage desk/);
        assert.match(
          list.body,
          /sam.<wbr>search@<wbr>force.<wbr>example/,
          "emails wrap on small screens",
        );
        const found = await admin.get("/staff/admin/staff?q=SEARCH");
        assert.match(found.body, /Sam Search/);
        assert.doesNotMatch(found.body, />Ada Admin<\/a>/);
        assert.match(found.body, /1 account matching/);
        const none = await admin.get("/staff/admin/staff?q=%25zz%3Cscript%3E");
        assert.match(none.body, /No account’s name or email contains “%zz&lt;script&gt;”/);
        assert.equal((await admin.get("/staff/admin/staff/not-an-id")).statusCode, 404);
        assert.equal(
          (await admin.get("/staff/admin/staff/00000000-0000-0000-0000-000000000000")).statusCode,
          404,
        );
      } finally {
        await t.close();
      }
    });
  });
}
