// Statements are prepared once per PostgreSQL connection, within bounds, and a statement
// PostgreSQL can no longer run as prepared costs one failed query, not a broken connection.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { testDatabaseUrl } from "../../test/helpers/database.ts";
import { preparingPool, StatementNames } from "./prepared-statements.ts";

test("data statements are named, the same text always the same name", () => {
  const names = new StatementNames();
  const select = names.nameFor('select "data" from "sessions" where "id" = $1');
  assert.match(select ?? "", /^bl_[0-9a-f]{24}$/);
  assert.equal(names.nameFor('select "data" from "sessions" where "id" = $1'), select);
  assert.ok(names.nameFor('update "sessions" set "data" = $1 where "id" = $2'));
  assert.ok(names.nameFor("with x as (select 1) select count(*) from x"));
  assert.notEqual(names.nameFor("select 2"), names.nameFor("select 3"));
});

test("DDL, transaction control and * column lists are sent unnamed", () => {
  const names = new StatementNames();
  for (const text of [
    "begin",
    "commit",
    'alter table "sessions" add column "x" text',
    "lock table sessions",
    'select * from "sessions" where "id" = $1',
    'select "sessions".* from "sessions"',
  ]) {
    assert.equal(names.nameFor(text), undefined, text);
  }
});

test("past the limit, new texts are sent unnamed and known ones keep their names", () => {
  const names = new StatementNames(2);
  const first = names.nameFor("select 1");
  assert.ok(names.nameFor("select 2"));
  assert.equal(names.nameFor("select 3"), undefined);
  assert.equal(names.nameFor("select 1"), first);
});

test("PostgreSQL: prepared once per connection; a changed column type fails one query, then works", async () => {
  const schema = `prep_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const pool = new pg.Pool({
    connectionString: testDatabaseUrl(),
    max: 1,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<{ things: { id: number; label: string } }>({
    dialect: new PostgresDialect({ pool: preparingPool(pool) }),
  });
  try {
    await sql`create table things (id int primary key, label text)`.execute(db);
    await db.insertInto("things").values({ id: 1, label: "one" }).execute();
    const read = () => db.selectFrom("things").select(["label"]).where("id", "=", 1).execute();
    assert.deepEqual(await read(), [{ label: "one" }]);
    assert.deepEqual(await read(), [{ label: "one" }]);
    const prepared = await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where name like 'bl\\_%'`.execute(db);
    // The insert, the select (run twice, prepared once) and this count itself.
    assert.equal(prepared.rows[0].n, 3);

    await admin.query(`alter table ${schema}.things alter column label type varchar(20)`);
    await assert.rejects(read(), /cached plan must not change result type/);
    assert.deepEqual(await read(), [{ label: "one" }]);
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
});
