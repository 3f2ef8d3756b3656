// Teams in the back office: an admin adds one, changes its queue settings (the webhook secret
// is never shown, only whether it is set, and can be replaced), and who is in it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findTeam } from "../../src/cases/teams.ts";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, signIn } from "../helpers/staff.ts";

const SECRET = "first-webhook-secret-0123456789";
const NEW_SECRET = "second-webhook-secret-9876543210";

for (const dialect of testDialects()) {
  describe(`admin: teams (${dialect})`, () => {
    test("an admin adds a team; bad answers get the error summary", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const list = await admin.get("/staff/admin/teams");
        assert.match(list.body, /Roads policing unit/);
        assert.match(list.body, /72 hours/);

        const bad = await admin.post("/staff/admin/teams/new", {
          id: "Roads Policing!",
          name: "",
          areaCode: "London",
          alertEmail: "not-an-email",
          targetHours: "1.5",
          webhookUrl: "ftp://records.example",
        });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /<title>Error: Add a team/);
        for (const href of [
          "#id",
          "#name",
          "#areaCode",
          "#alertEmail",
          "#targetHours",
          "#webhookUrl",
        ])
          assert.match(bad.body, new RegExp(`<a href="${href}">`), href);
        assert.match(bad.body, /value="London"/, "what was typed is kept");

        const taken = await admin.post("/staff/admin/teams/new", {
          id: "roads-policing",
          name: "Another roads team",
          targetHours: "24",
          webhookUrl: "https://records.example/hook",
        });
        assert.equal(taken.statusCode, 422);
        assert.match(taken.body, /There is already a team with this ID/);
        assert.match(taken.body, /Enter a webhook secret/);

        const ok = await admin.post("/staff/admin/teams/new", {
          id: "hackney-neighbourhood-north",
          name: "Hackney North neighbourhood team",
          areaCode: " e05009367 ",
          alertEmail: "Hackney.North@Force.example",
          targetHours: "48",
          webhookUrl: "https://records.example/hook",
          webhookSecret: SECRET,
        });
        assert.equal(ok.statusCode, 303);
        assert.equal(ok.headers.location, "/staff/admin/teams/hackney-neighbourhood-north");
        const team = await findTeam(db, "hackney-neighbourhood-north");
        assert.deepEqual(
          { ...team, created_at: undefined },
          {
            id: "hackney-neighbourhood-north",
            name: "Hackney North neighbourhood team",
            area_code: "E05009367",
            alert_email: "hackney.north@force.example",
            target_hours: 48,
            webhook_url: "https://records.example/hook",
            webhook_secret: SECRET,
            created_at: undefined,
          },
        );
        const page = await admin.get(String(ok.headers.location));
        assert.match(page.body, /Hackney North neighbourhood team is added/);
        assert.ok(!page.body.includes(SECRET), "the secret is never shown");
        assert.match(page.body, /A secret is set/);
        const audit = await db
          .selectFrom("audit_log")
          .select(["action", "detail"])
          .where("action", "=", "team-created")
          .executeTakeFirstOrThrow();
        assert.ok(!audit.detail.includes(SECRET), "nor written to the audit log");
        assert.equal(JSON.parse(audit.detail).webhookSecretSet, true);
      } finally {
        await t.close();
      }
    });

    test("team edits persist; the webhook secret is kept, replaced, or removed with the address", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const url = "/staff/admin/teams/licensing";
        const form = await admin.get(url);
        assert.match(form.body, /value="Licensing team"/);
        assert.match(form.body, /value="licensing@bluelamp.example"/);

        const noSecret = await admin.post(url, {
          name: "Licensing team",
          targetHours: "120",
          webhookUrl: "https://records.example/licensing",
        });
        assert.equal(noSecret.statusCode, 422, "a webhook needs a secret");
        assert.match(noSecret.body, /Enter a webhook secret/);
        assert.match(noSecret.body, /value="https:\/\/records.example\/licensing"/);

        const saved = await admin.post(url, {
          name: "Licensing and permits",
          areaCode: "",
          alertEmail: "permits@force.example",
          targetHours: "96",
          webhookUrl: "https://records.example/licensing",
          webhookSecret: SECRET,
        });
        assert.equal(saved.statusCode, 303);
        let team = await findTeam(db, "licensing");
        assert.equal(team?.name, "Licensing and permits");
        assert.equal(team?.alert_email, "permits@force.example");
        assert.equal(team?.target_hours, 96);
        assert.equal(team?.webhook_secret, SECRET);
        const page = await admin.get(url);
        assert.match(page.body, /Licensing and permits is saved/);
        assert.ok(!page.body.includes(SECRET));

        // Blank keeps the secret; a new one replaces it.
        await admin.post(url, {
          name: "Licensing and permits",
          alertEmail: "permits@force.example",
          targetHours: "72",
          webhookUrl: "https://records.example/licensing/v2",
        });
        team = await findTeam(db, "licensing");
        assert.equal(team?.target_hours, 72);
        assert.equal(team?.webhook_url, "https://records.example/licensing/v2");
        assert.equal(team?.webhook_secret, SECRET, "kept");
        const short = await admin.post(url, {
          name: "Licensing and permits",
          targetHours: "72",
          webhookUrl: "https://records.example/licensing/v2",
          webhookSecret: "short",
        });
        assert.equal(short.statusCode, 422);
        assert.match(short.body, /Webhook secret must be 16 characters or more/);
        await admin.post(url, {
          name: "Licensing and permits",
          targetHours: "72",
          webhookUrl: "https://records.example/licensing/v2",
          webhookSecret: NEW_SECRET,
        });
        assert.equal((await findTeam(db, "licensing"))?.webhook_secret, NEW_SECRET, "replaced");
        await admin.post(url, { name: "Licensing and permits", targetHours: "72" });
        team = await findTeam(db, "licensing");
        assert.equal(team?.webhook_url, null);
        assert.equal(team?.webhook_secret, null, "no address, no secret");
        assert.equal(team?.alert_email, null, "a field left blank is cleared");

        const changes = await db
          .selectFrom("audit_log")
          .select("detail")
          .where("action", "=", "team-changed")
          .orderBy("at")
          .execute();
        assert.equal(changes.length, 4, "each saved change, not the refused one");
        assert.ok(
          changes.every((c) => !c.detail.includes(SECRET) && !c.detail.includes(NEW_SECRET)),
        );
        assert.deepEqual(JSON.parse(changes[0].detail).changed, {
          name: "Licensing and permits",
          alertEmail: "permits@force.example",
          targetHours: 96,
          webhookUrl: "https://records.example/licensing",
          webhookSecret: "set",
        });
        assert.deepEqual(
          changes.slice(1).map((c) => JSON.parse(c.detail).changed.webhookSecret),
          [undefined, "replaced", "removed"],
        );
        assert.equal((await admin.get("/staff/admin/teams/no-such-team")).statusCode, 404);
        assert.equal((await admin.get("/staff/admin/teams/..%2Fstaff")).statusCode, 404);
      } finally {
        await t.close();
      }
    });

    test("an admin adds and removes members, and a member sees the queue at once", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const officer = await createTestStaff(db, {
          role: "officer",
          name: "Mo Member",
          email: "mo.member@force.example",
          teamIds: [],
        });
        const theirs = await signIn(t.app, officer);
        assert.doesNotMatch((await theirs.get("/staff")).body, /Roads policing unit/);
        const url = "/staff/admin/teams/roads-policing";

        const unknown = await admin.post(`${url}/members`, { email: "nobody@force.example" }, url);
        assert.equal(unknown.statusCode, 422);
        assert.match(unknown.body, /There is no staff account with this email address/);
        assert.match(unknown.body, /value="nobody@force.example"/);

        const added = await admin.post(`${url}/members`, { email: "Mo.Member@force.example" }, url);
        assert.equal(added.statusCode, 303);
        const page = await admin.get(url);
        assert.match(page.body, /Mo Member is now in Roads policing unit/);
        assert.match(
          page.body,
          /Remove<span class="govuk-visually-hidden"> Mo Member from the team/,
        );
        assert.match((await theirs.get("/staff")).body, /Roads policing unit/);
        const again = await admin.post(`${url}/members`, { email: "mo.member@force.example" }, url);
        assert.equal(again.statusCode, 303);
        assert.match((await admin.get(url)).body, /Mo Member was already in Roads policing unit/);
        const count = (await admin.get("/staff/admin/teams")).body;
        assert.match(
          count,
          /roads-policing[\s\S]*?<td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>/,
        );

        const removed = await admin.post(`${url}/members/${officer.id}/remove`, {}, url);
        assert.equal(removed.statusCode, 303);
        assert.match((await admin.get(url)).body, /Mo Member is no longer in Roads policing unit/);
        assert.doesNotMatch((await theirs.get("/staff")).body, /Roads policing unit/);
        const missing = await admin.post(`${url}/members/${officer.id}/remove`, {}, url);
        assert.equal(missing.statusCode, 404, "not a member any more");

        const audit = await db
          .selectFrom("audit_log")
          .select(["action", "detail"])
          .where("action", "like", "team-member-%")
          .orderBy("at")
          .execute();
        assert.deepEqual(
          audit.map((a) => [a.action, JSON.parse(a.detail)]),
          [
            ["team-member-added", { team: "roads-policing", account: officer.id }],
            ["team-member-removed", { team: "roads-policing", account: officer.id }],
          ],
        );
      } finally {
        await t.close();
      }
    });
  });
}
