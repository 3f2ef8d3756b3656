// `npm run staff:create`: a force's first admin, made from the command line against the
// configured database (here a temporary SQLite DATA_DIR, in production mode), who can then
// sign in and set up their authenticator app.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { findStaffByEmail } from "../../src/staff/accounts.ts";
import { totpCode } from "../../src/staff/totp.ts";
import { StaffBrowser } from "../helpers/staff.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const script = path.join(root, "scripts/staff-create.ts");

function run(dataDir: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: "utf8",
    input: "",
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SESSION_SECRET: "a-production-session-secret-of-enough-length",
      PUBLIC_URL: "https://online.force.example",
      DATA_DIR: dataDir,
      ...env,
    },
  });
}

describe("npm run staff:create (SQLite)", () => {
  test("creates an admin in an empty database, who then signs in and sets up their authenticator app", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-staff-create-"));
    try {
      const password = "the first admin's password";
      const made = run(
        dataDir,
        [
          "--email",
          "First.Admin@Force.example",
          "--name",
          "First Admin",
          "--role",
          "admin",
          "--team",
          "professional-standards",
        ],
        { STAFF_PASSWORD: password },
      );
      assert.equal(made.status, 0, made.stderr);
      assert.match(made.stdout, /Created the admin account for first\.admin@force\.example/);
      assert.match(made.stdout, /https:\/\/online\.force\.example\/staff\/sign-in/);
      assert.ok(!made.stdout.includes(password) && !made.stderr.includes(password));

      const again = run(
        dataDir,
        ["--email", "first.admin@force.example", "--name", "Again", "--role", "admin"],
        { STAFF_PASSWORD: password },
      );
      assert.equal(again.status, 1);
      assert.match(again.stderr, /--email: There is already an account with this email address/);

      const bad = run(
        dataDir,
        ["--email", "x@force.example", "--name", "X", "--role", "chief", "--team", "nope"],
        {
          STAFF_PASSWORD: "short",
        },
      );
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--role .*: Select a role/);
      assert.match(bad.stderr, /--team: /);
      assert.match(bad.stderr, /password: Password must be 12 characters or more/);
      assert.match(bad.stderr, /Nothing was created/);

      const noTerminal = run(dataDir, [
        "--email",
        "y@force.example",
        "--name",
        "Y",
        "--role",
        "officer",
      ]);
      assert.equal(noTerminal.status, 1);
      assert.match(noTerminal.stderr, /set STAFF_PASSWORD/);
      const usage = run(dataDir, ["--email", "y@force.example"]);
      assert.equal(usage.status, 64);
      assert.match(usage.stderr, /Usage: npm run staff:create/);

      // The site, started on the same DATA_DIR, lets them in.
      const config = loadConfig({
        NODE_ENV: "test",
        DATA_DIR: dataDir,
        POST_RATE_LIMIT: "1000",
      });
      const database = openDatabase(config);
      const app = await buildApp(config, { database });
      await app.ready();
      try {
        const row = await findStaffByEmail(database.db, "first.admin@force.example");
        assert.equal(row?.role, "admin");
        assert.equal(row?.name, "First Admin");
        const teams = await database.db
          .selectFrom("team_members")
          .select("team_id")
          .where("staff_id", "=", row!.id)
          .execute();
        assert.deepEqual(
          teams.map((t) => t.team_id),
          ["professional-standards"],
        );
        const count = await database.db.selectFrom("staff").select("id").execute();
        assert.equal(count.length, 1, "only the one account");

        const browser = new StaffBrowser(app);
        const signIn = await browser.post("/staff/sign-in", {
          email: "first.admin@force.example",
          password,
        });
        assert.equal(signIn.headers.location, "/staff/sign-in/set-up");
        const setUp = await browser.get("/staff/sign-in/set-up");
        const key = /<code class="bl-key">([^<]+)<\/code>/.exec(setUp.body)?.[1].replace(/\s/g, "");
        assert.ok(key);
        const done = await browser.post("/staff/sign-in/set-up", { code: totpCode(key) });
        assert.equal(done.statusCode, 303);
        assert.equal((await browser.get("/staff/admin/staff")).statusCode, 200, "an admin");
        const audit = await database.db
          .selectFrom("audit_log")
          .select(["staff_id", "action"])
          .where("action", "=", "staff-account-created")
          .execute();
        assert.deepEqual(
          audit.map((a) => ({ ...a })),
          [{ staff_id: null, action: "staff-account-created" }],
        );
      } finally {
        await app.close();
        await database.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
