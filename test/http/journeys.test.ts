// Journeys over HTTP: kept on the server, keyed by an opaque cookie, surviving a restart
// and a move to another app process, expiring when idle, and never cached by browsers.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { buildApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { buildTestApp, cookieHeader, formState } from "../helpers/app.ts";
import { createTestDatabase, testDialects } from "../helpers/database.ts";

type Inject = (
  options: object,
) => Promise<{
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  cookies: Array<{ name: string; value: string }>;
}>;

/** A browser, as far as cookies go: one jar, any number of app instances. */
function visitor() {
  const cookies: Record<string, string> = {};
  const keep = (res: { cookies: Array<{ name: string; value: string }> }) => {
    for (const c of res.cookies) cookies[c.name] = c.value;
  };
  return {
    cookies,
    async get(inject: Inject, url: string) {
      const res = await inject({ url, headers: { cookie: cookieHeader(cookies) } });
      keep(res);
      return res;
    },
    async post(inject: Inject, url: string, body: Record<string, string>) {
      const page = await inject({ url, headers: { cookie: cookieHeader(cookies) } });
      keep(page);
      const { token } = formState(page);
      const res = await inject({
        method: "POST",
        url,
        headers: {
          cookie: cookieHeader(cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ ...body, _csrf: token ?? "" }).toString(),
      });
      keep(res);
      return res;
    },
  };
}

const THEFT = "/services/report-a-theft";

for (const dialect of testDialects()) {
  describe(`journeys (${dialect})`, () => {
    test("a journey survives a restart and continues in another app process on the same database", async () => {
      const database = await createTestDatabase(dialect);
      const config = loadConfig({
        NODE_ENV: "test",
        DATA_DIR: database.dataDir,
        POST_RATE_LIMIT: "1000",
      });
      const first = await buildApp(config, { database: database.handle });
      const person = visitor();
      try {
        const answered = await person.post(
          first.inject.bind(first) as Inject,
          `${THEFT}/emergency`,
          { emergency: "no" },
        );
        assert.equal(answered.statusCode, 303);
        assert.equal(answered.headers.location, `${THEFT}/how-stolen`);
        await first.close();

        // A second process over the same database (for SQLite, the same file).
        const secondHandle =
          dialect === "sqlite"
            ? openDatabase({ dataDir: database.dataDir })
            : openDatabase({
                dataDir: database.dataDir,
                databaseUrl: database.databaseUrl,
                schema: database.schema,
              });
        const second = await buildApp(config, { database: secondHandle });
        try {
          const inject = second.inject.bind(second) as Inject;
          // The answer is remembered: the first page is answered, so the start of the path
          // moves on, and the second page can be visited.
          const page = await person.get(inject, `${THEFT}/how-stolen`);
          assert.equal(page.statusCode, 200);
          const emergency = await person.get(inject, `${THEFT}/emergency`);
          assert.match(emergency.body, /value="no" checked/);
        } finally {
          await second.close();
          await secondHandle.close();
        }
      } finally {
        await database.cleanup();
      }
    });

    test("a journey expires after the idle time and starts again", async () => {
      let now = new Date("2026-12-04T10:00:00Z");
      const t = await buildTestApp(dialect, { JOURNEY_IDLE_MINUTES: "30" }, { now: () => now });
      const person = visitor();
      try {
        const inject = t.app.inject.bind(t.app) as Inject;
        await person.post(inject, `${THEFT}/emergency`, { emergency: "no" });
        now = new Date("2026-12-04T10:29:00Z");
        assert.equal((await person.get(inject, `${THEFT}/how-stolen`)).statusCode, 200);
        now = new Date("2026-12-04T11:00:00Z"); // 31 minutes after the last answer
        const expired = await person.get(inject, `${THEFT}/how-stolen`);
        assert.equal(expired.statusCode, 303);
        assert.equal(expired.headers.location, `${THEFT}/emergency`);
      } finally {
        await t.close();
      }
    });

    test("the cookie holds an opaque token, not answers, and question pages are never cached", async () => {
      const t = await buildTestApp(dialect);
      const person = visitor();
      try {
        const inject = t.app.inject.bind(t.app) as Inject;
        const res = await person.post(inject, `${THEFT}/emergency`, { emergency: "no" });
        const session = res.cookies.find((c) => c.name === "session") as unknown as Record<
          string,
          unknown
        >;
        assert.ok(session, "a session cookie is set on the first answer");
        assert.match(String(session.value), /^[A-Za-z0-9_-]{43}$/);
        assert.equal(session.httpOnly, true);
        assert.equal(session.sameSite, "Lax");
        assert.notEqual(session.secure, true, "plain http on localhost: no Secure flag");
        const page = await person.get(inject, `${THEFT}/how-stolen`);
        assert.equal(page.headers["cache-control"], "no-store");
      } finally {
        await t.close();
      }
    });
  });
}

describe("cookies in production", () => {
  test("are __Host- prefixed, Secure, HttpOnly and SameSite", async () => {
    const t = await buildTestApp("sqlite", {
      NODE_ENV: "production",
      SESSION_SECRET: "a-production-secret-of-at-least-32-chars",
      PUBLIC_URL: "https://report.example.police.uk",
    });
    try {
      const first = await t.app.inject({ url: `${THEFT}/emergency` });
      const csrf = first.cookies.find((c) => c.name === "__Host-csrf") as unknown as Record<
        string,
        unknown
      >;
      assert.ok(csrf, "the CSRF secret cookie is __Host- prefixed");
      const token = formState(first).token;
      const res = await t.app.inject({
        method: "POST",
        url: `${THEFT}/emergency`,
        headers: {
          cookie: `__Host-csrf=${csrf.value}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: `emergency=no&_csrf=${encodeURIComponent(token ?? "")}`,
      });
      assert.equal(res.statusCode, 303);
      const session = res.cookies.find((c) => c.name === "__Host-session") as unknown as Record<
        string,
        unknown
      >;
      assert.ok(session);
      for (const cookie of [csrf, session]) {
        assert.equal(cookie.secure, true);
        assert.equal(cookie.httpOnly, true);
        assert.equal(cookie.path, "/");
        assert.equal(cookie.sameSite, "Lax");
        assert.equal(cookie.domain, undefined);
      }
    } finally {
      await t.close();
    }
  });
});

describe("form definitions at start-up", () => {
  test("the site refuses to start on an invalid form and says which file, line and why", () => {
    const formsDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-forms-"));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-data-"));
    const broken = fs
      .readFileSync("forms/report-a-theft.yaml", "utf8")
      .replace("goto: how-stolen", "goto: nowhere-at-all");
    fs.writeFileSync(path.join(formsDir, "report-a-theft.yaml"), broken);
    const result = spawnSync(process.execPath, ["src/server.ts"], {
      env: {
        ...process.env,
        FORMS_DIR: formsDir,
        DATA_DIR: dataDir,
        PORT: "0",
        NODE_ENV: "development",
      },
      encoding: "utf8",
      timeout: 20_000,
    });
    fs.rmSync(formsDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    assert.notEqual(result.status, 0);
    const line = broken.split("\n").findIndex((l) => l.includes("nowhere-at-all")) + 1;
    assert.match(result.stderr, new RegExp(`report-a-theft\\.yaml:${line}:\\d+: .*nowhere-at-all`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  });
});
