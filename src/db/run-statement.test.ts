// DatabaseHandle.runStatement, the path the session store's statements take on every request:
// rows come back as through Kysely, and a statement is never part of another request's open
// transaction (on PostgreSQL it has its own pooled connection; on SQLite it waits for Kysely's
// lock on the one connection, which a direct call to the driver would not).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";

const at = "2026-12-05T10:00:00.000Z";
const row = (id: string) => ({ id, data: "{}", created_at: at, updated_at: at, expires_at: at });

for (const dialect of testDialects()) {
  describe(`runStatement (${dialect})`, () => {
    test("runs a compiled statement and gives its rows", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const { db, runStatement } = database.handle;
        await runStatement(db.insertInto("sessions").values(row("a")).compile());
        await runStatement(
          db.updateTable("sessions").set({ data: '{"x":1}' }).where("id", "=", "a").compile(),
        );
        const { rows } = await runStatement(
          db.selectFrom("sessions").select(["id", "data"]).where("id", "=", "a").compile(),
        );
        assert.deepEqual(
          rows.map((r) => ({ ...r })),
          [{ id: "a", data: '{"x":1}' }],
        );
        const none = await runStatement(
          db.selectFrom("sessions").select("id").where("id", "=", "b").compile(),
        );
        assert.deepEqual(none.rows, []);
      } finally {
        await database.cleanup();
      }
    });

    test("is not part of a transaction another request has open", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const { db, runStatement } = database.handle;
        let outside: Promise<unknown> | undefined;
        await assert.rejects(
          db.transaction().execute(async (trx) => {
            await trx.insertInto("sessions").values(row("inside")).execute();
            // Started while the transaction is open, and not awaited in it: on SQLite it
            // waits for the transaction to end.
            outside = runStatement(db.insertInto("sessions").values(row("outside")).compile());
            await new Promise((resolve) => setTimeout(resolve, 50));
            throw new Error("roll back");
          }),
          /roll back/,
        );
        await outside;
        const ids = await db.selectFrom("sessions").select("id").execute();
        assert.deepEqual(
          ids.map((r) => r.id),
          ["outside"],
          "the rolled-back insert is gone and the other statement's row is kept",
        );
      } finally {
        await database.cleanup();
      }
    });
  });
}
