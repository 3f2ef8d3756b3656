// The database going away, at start or later: /readyz fails, pages say the service is
// unavailable (503, with the phone numbers), and the site recovers by itself.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { buildApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { cookieHeader, formState } from "../helpers/app.ts";
import { createTestDatabase, testDatabaseUrl } from "../helpers/database.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";

async function waitFor(check: () => Promise<boolean>, millis = 10_000): Promise<void> {
  const until = Date.now() + millis;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error("timed out waiting for the app to change state");
}

/** An app whose PostgreSQL connection runs through a proxy the test controls. */
async function appBehindProxy(proxy: TcpProxy) {
  const target = new URL(testDatabaseUrl());
  const testDb = await createTestDatabase("postgres"); // for its fresh schema
  const viaProxy = new URL(target);
  viaProxy.port = String(proxy.port);
  const database = openDatabase({
    dataDir: testDb.dataDir,
    databaseUrl: viaProxy.toString(),
    schema: testDb.schema,
    connectTimeoutMillis: 500,
  });
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: testDb.dataDir,
    DATABASE_URL: viaProxy.toString(),
  });
  const app = await buildApp(config, { database, probeMillis: 200 });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await database.close().catch(() => {});
      await testDb.cleanup();
    },
  };
}

describe("database outage (PostgreSQL behind a proxy)", () => {
  test("a database lost while running gives 503 pages and /readyz, then recovers by itself", async () => {
    const target = new URL(testDatabaseUrl());
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const t = await appBehindProxy(proxy);
    try {
      assert.equal((await t.app.inject({ url: "/" })).statusCode, 200);
      assert.equal((await t.app.inject({ url: "/readyz" })).statusCode, 200);

      await proxy.stop();
      const ready = await t.app.inject({ url: "/readyz" });
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.json().database, "unreachable");
      const page = await t.app.inject({ url: "/report" });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /Sorry, the service is unavailable/);
      assert.match(page.body, /101/);
      assert.equal(
        (await t.app.inject({ url: "/livez" })).statusCode,
        200,
        "the process itself is alive",
      );
      assert.equal((await t.app.inject({ url: "/assets/application.css" })).statusCode, 200);

      await proxy.start();
      await waitFor(async () => (await t.app.inject({ url: "/readyz" })).statusCode === 200);
      assert.equal((await t.app.inject({ url: "/report" })).statusCode, 200);
    } finally {
      await t.close();
      await proxy.stop();
    }
  });

  test("a journey in progress when the database goes: 503, never a 500, and its answers kept", async () => {
    const target = new URL(testDatabaseUrl());
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const t = await appBehindProxy(proxy);
    try {
      const base = "/services/report-a-theft";
      const first = await t.app.inject({ url: `${base}/emergency` });
      const { token, cookies } = formState(first);
      const answered = await t.app.inject({
        method: "POST",
        url: `${base}/emergency`,
        headers: {
          cookie: cookieHeader(cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ _csrf: token ?? "", emergency: "no" }).toString(),
      });
      assert.equal(answered.statusCode, 303);
      const next = String(answered.headers.location);
      const session = { ...cookies, ...formState(answered).cookies };

      // At once, before anything else notices: the session's own statements meet the outage.
      await proxy.stop();
      const during = await t.app.inject({ url: next, headers: { cookie: cookieHeader(session) } });
      assert.equal(during.statusCode, 503);
      assert.match(during.body, /Sorry, the service is unavailable/);

      await proxy.start();
      await waitFor(async () => (await t.app.inject({ url: "/readyz" })).statusCode === 200);
      const back = await t.app.inject({
        url: `${base}/emergency`,
        headers: { cookie: cookieHeader(session) },
      });
      assert.equal(back.statusCode, 200);
      assert.match(back.body, /value="no" checked/, "the answer given before the outage is kept");
    } finally {
      await t.close();
      await proxy.stop();
    }
  });

  test("a database unreachable at start: the site starts, says so, and comes up when it appears", async () => {
    const target = new URL(testDatabaseUrl());
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start(); // reserve a port, then take the database away before the app starts
    await proxy.stop();
    const t = await appBehindProxy(proxy);
    try {
      assert.equal(t.app.availability.isAvailable, false);
      assert.equal((await t.app.inject({ url: "/readyz" })).statusCode, 503);
      const home = await t.app.inject({ url: "/" });
      assert.equal(home.statusCode, 503);
      assert.match(home.body, /service is unavailable/);

      await proxy.start();
      await waitFor(async () => (await t.app.inject({ url: "/readyz" })).statusCode === 200);
      assert.equal((await t.app.inject({ url: "/" })).statusCode, 200);
    } finally {
      await t.close();
      await proxy.stop();
    }
  });
});
