// A force may keep Bluelamp in its own PostgreSQL schema by setting search_path in
// DATABASE_URL: migrations must run and be recorded there, whatever other schemas hold.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import pg from "pg";
import { testDatabaseUrl } from "../../test/helpers/database.ts";
import { openDatabase } from "./database.ts";
import { migrations } from "./migrations/index.ts";

test("migrations go to the schema named by search_path in DATABASE_URL", async () => {
  const schema = `url_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(testDatabaseUrl());
  url.searchParams.set("options", `-c search_path=${schema}`);
  const database = openDatabase({ dataDir: "/nonexistent", databaseUrl: url.toString() });
  try {
    await database.migrate();
    await database.migrate(); // a second run finds nothing to do
    const { rows } = await admin.query(`select name from ${schema}.kysely_migration order by name`);
    assert.deepEqual(
      rows.map((r) => r.name),
      Object.keys(migrations).sort(),
    );
    const tables = await admin.query(
      "select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = 'cases'",
      [schema],
    );
    assert.equal(tables.rows[0].n, 1);
  } finally {
    await database.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
});
