// The session store on both dialects: opaque tokens, hashed ids, idle expiry.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Kysely } from "kysely";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import type { Database } from "../db/schema.ts";
import { SessionStore } from "./sessions.ts";

for (const dialect of testDialects()) {
  describe(`session store (${dialect})`, () => {
    test("creates, loads, saves and expires sessions", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        let now = new Date("2026-12-04T10:00:00Z");
        const store = new SessionStore(
          database.handle.db,
          60 * 60_000,
          () => now,
          database.handle.runStatement,
        );
        const { token, session } = await store.create({ step: 1 });
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.notEqual(session.id, token, "the database holds a hash, never the token");

        const loaded = await store.load(token);
        assert.deepEqual(loaded?.data, { step: 1 });
        loaded!.data.step = 2;
        now = new Date("2026-12-04T10:50:00Z");
        await store.save(loaded!);
        now = new Date("2026-12-04T11:40:00Z"); // 50 minutes after the last save: still alive
        assert.deepEqual((await store.load(token))?.data, { step: 2 });

        now = new Date("2026-12-04T12:00:00Z"); // over an hour idle
        assert.equal(await store.load(token), undefined);
        assert.equal(await store.purgeExpired(), 1);
        assert.equal(await store.load("not-a-token"), undefined);
      } finally {
        await database.cleanup();
      }
    });

    test("runs its per-request statements without building them again", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const built: string[] = [];
        // The same database, noting every query started with the builder.
        const db = new Proxy(database.handle.db, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (
              typeof property === "string" &&
              /^(selectFrom|insertInto|updateTable)$/.test(property)
            ) {
              return (...args: unknown[]) => {
                built.push(property);
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            }
            return typeof value === "function" ? value.bind(target) : value;
          },
        }) as Kysely<Database>;
        const store = new SessionStore(db, 60 * 60_000);
        const atStart = built.length;
        const { token, session } = await store.create({ step: 1 });
        for (let i = 2; i < 5; i++) {
          const loaded = await store.load(token);
          assert.deepEqual(loaded?.data, { step: i - 1 });
          await store.save({ ...session, data: { step: i } });
        }
        assert.deepEqual((await store.load(token))?.data, { step: 4 });
        assert.deepEqual(built.slice(atStart), [], "no query built per request");
        // A value that looks like a slot is stored as it is.
        await store.save({ ...session, data: { note: "\u0000slot:id" } });
        assert.deepEqual((await store.load(token))?.data, { note: "\u0000slot:id" });
      } finally {
        await database.cleanup();
      }
    });
  });
}
