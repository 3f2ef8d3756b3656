// The admin pages are for admins only, and every admin form is protected like every other
// back-office POST: no CSRF token, no change (403); no signed-in session, no change (303 to
// sign in). The list of forms is checked against the app's own routes, so a new admin POST
// without a test here fails this file.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import type { Kysely } from "kysely";
import type { App } from "../../src/app.ts";
import type { Database } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, StaffBrowser, signIn } from "../helpers/staff.ts";

/** Every POST route's path, read from Fastify's route tree. */
function postRoutes(app: App): string[] {
  const tree = app.printRoutes({ method: "POST", commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    if (match[3]?.split(", ").includes("POST")) routes.push(stack.join(""));
  }
  return routes;
}

/** A dead outbox message, as the worker leaves one after its last failed attempt. */
async function insertDeadLetter(
  db: Kysely<Database>,
  fields: { recipient?: string; subject?: string; createdAt?: string } = {},
) {
  const id = randomUUID();
  const at = fields.createdAt ?? new Date().toISOString();
  await db
    .insertInto("outbox")
    .values({
      id,
      channel: "email",
      recipient: fields.recipient ?? "sam.reporter@example.com",
      subject: fields.subject ?? "Your report BL-TEST",
      body: "The body of the email, never shown to admins.",
      case_id: null,
      status: "dead",
      attempts: 10,
      next_attempt_at: at,
      lease_until: null,
      last_error: "SMTP 550: mailbox unavailable",
      created_at: at,
      sent_at: null,
    })
    .execute();
  return id;
}

async function fixtures(db: Kysely<Database>) {
  const other = await createTestStaff(db, { role: "officer", name: "Olly Officer" });
  const deadId = await insertDeadLetter(db);
  const member = { staffId: other.id, teamId: "online-crime-triage" };
  const forms: Array<{ url: string; route: string; body: Record<string, string | string[]> }> = [
    {
      url: "/staff/admin/staff/new",
      route: "/staff/admin/staff/new",
      body: {
        name: "Forged Account",
        email: "forged@force.example",
        role: "admin",
        password: "a forged password!",
      },
    },
    {
      url: `/staff/admin/staff/${other.id}`,
      route: "/staff/admin/staff/:id",
      body: { name: "Olly Officer", role: "admin", teams: [] },
    },
    ...["deactivate", "reactivate", "unlock", "reset-second-factor", "reset-password"].map(
      (action) => ({
        url: `/staff/admin/staff/${other.id}/${action}`,
        route: "/staff/admin/staff/:id/:action",
        body: {},
      }),
    ),
    {
      url: "/staff/admin/teams/new",
      route: "/staff/admin/teams/new",
      body: { id: "forged-team", name: "Forged team", targetHours: "24" },
    },
    {
      url: "/staff/admin/teams/licensing",
      route: "/staff/admin/teams/:id",
      body: { name: "Renamed", targetHours: "1" },
    },
    {
      url: "/staff/admin/teams/licensing/members",
      route: "/staff/admin/teams/:id/members",
      body: { email: other.email },
    },
    {
      url: `/staff/admin/teams/${member.teamId}/members/${member.staffId}/remove`,
      route: "/staff/admin/teams/:id/members/:staffId/remove",
      body: {},
    },
    {
      url: `/staff/admin/outbox/${deadId}/retry`,
      route: "/staff/admin/outbox/:id/retry",
      body: {},
    },
    { url: "/staff/admin/outbox/retry-all", route: "/staff/admin/outbox/retry-all", body: {} },
  ];
  return { other, deadId, forms };
}

/** What an admin form could change, to show that a refused POST changed nothing. */
async function snapshot(db: Kysely<Database>) {
  return {
    staff: await db
      .selectFrom("staff")
      .select(["email", "name", "role", "active", "totp_secret", "password_hash"])
      .orderBy("email")
      .execute(),
    teams: await db.selectFrom("teams").selectAll().orderBy("id").execute(),
    members: await db
      .selectFrom("team_members")
      .selectAll()
      .orderBy("team_id")
      .orderBy("staff_id")
      .execute(),
    outbox: await db.selectFrom("outbox").select(["id", "status"]).orderBy("id").execute(),
  };
}

const PAGES = (otherId: string) => [
  "/staff/admin/staff",
  "/staff/admin/staff/new",
  `/staff/admin/staff/${otherId}`,
  "/staff/admin/teams",
  "/staff/admin/teams/new",
  "/staff/admin/teams/licensing",
  "/staff/admin/outbox",
  "/staff/admin/outbox/maildrop",
];

for (const dialect of testDialects()) {
  describe(`admin pages: who may use them (${dialect})`, () => {
    test("the tests below cover every admin POST route", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { forms } = await fixtures(t.database.handle.db);
        const routes = postRoutes(t.app).filter((r) => r.startsWith("/staff/admin"));
        assert.ok(routes.length >= 8, `found ${routes.join(", ")}`);
        assert.deepEqual(new Set(routes), new Set(forms.map((f) => f.route)));
      } finally {
        await t.close();
      }
    });

    test("only admins reach the admin pages: officers, supervisors and editors get 403", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const { other, forms } = await fixtures(db);
        for (const role of ["officer", "supervisor", "editor"] as const) {
          const browser = await signIn(t.app, await createTestStaff(db, { role }));
          const home = await browser.get("/staff");
          assert.doesNotMatch(home.body, /href="\/staff\/admin/, `${role}: no admin links`);
          for (const url of PAGES(other.id)) {
            const res = await browser.get(url);
            assert.equal(res.statusCode, 403, `${role} GET ${url}`);
            assert.match(res.body, /You cannot do this/);
          }
          const before = await snapshot(db);
          for (const form of forms) {
            const res = await browser.post(form.url, form.body, "/staff");
            assert.equal(res.statusCode, 403, `${role} POST ${form.url}`);
          }
          assert.deepEqual(await snapshot(db), before, `${role}: nothing changed`);
        }
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const home = await admin.get("/staff");
        for (const href of ["/staff/admin/staff", "/staff/admin/teams", "/staff/admin/outbox"])
          assert.match(home.body, new RegExp(`href="${href}"`), `admin navigation: ${href}`);
        for (const url of PAGES(other.id))
          assert.equal((await admin.get(url)).statusCode, 200, `admin GET ${url}`);
      } finally {
        await t.close();
      }
    });

    test("a signed-out visitor is sent to sign in, from every admin page and form", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const { other, forms } = await fixtures(db);
        for (const url of PAGES(other.id)) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 303, url);
          assert.equal(
            res.headers.location,
            `/staff/sign-in?${new URLSearchParams({ returnTo: url })}`,
          );
        }
        const adminAccount = await createTestStaff(db, { role: "admin" });
        // A real CSRF pair from the sign-in page, but nobody signed in.
        const visitor = new StaffBrowser(t.app);
        const before = await snapshot(db);
        for (const form of forms) {
          const res = await visitor.post(form.url, form.body, "/staff/sign-in");
          assert.equal(res.statusCode, 303, `POST ${form.url}`);
          assert.match(String(res.headers.location), /^\/staff\/sign-in\?/);
        }
        // Signed in, then signed out: the old session's cookie opens nothing.
        const admin = await signIn(t.app, adminAccount);
        const stale = { ...admin.cookies };
        assert.equal((await admin.post("/staff/sign-out", {}, "/staff")).statusCode, 303);
        admin.cookies = { ...stale };
        for (const form of forms) {
          const res = await admin.post(form.url, form.body, "/staff/sign-in");
          assert.equal(res.statusCode, 303, `POST ${form.url} after signing out`);
          assert.match(String(res.headers.location), /^\/staff\/sign-in\?/);
        }
        assert.deepEqual(await snapshot(db), before, "nothing changed");
      } finally {
        await t.close();
      }
    });

    test("every admin form refuses a POST without a valid CSRF token (403)", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const { forms } = await fixtures(db);
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        await admin.get("/staff"); // has a CSRF secret cookie from signing in
        const before = await snapshot(db);
        for (const form of forms) {
          for (const token of [undefined, "not-the-token"]) {
            const params = new URLSearchParams(token ? { _csrf: token } : {});
            for (const [key, value] of Object.entries(form.body))
              for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
            const res = await t.app.inject({
              method: "POST",
              url: form.url,
              headers: {
                cookie: Object.entries(admin.cookies)
                  .map(([k, v]) => `${k}=${v}`)
                  .join("; "),
                "content-type": "application/x-www-form-urlencoded",
              },
              payload: params.toString(),
            });
            assert.equal(res.statusCode, 403, `POST ${form.url} with token ${token}`);
            assert.match(res.body, /Your form could not be sent/);
          }
        }
        assert.deepEqual(await snapshot(db), before, "nothing changed");
      } finally {
        await t.close();
      }
    });
  });
}
