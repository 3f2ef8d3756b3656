// The session store on both dialects: opaque tokens, hashed ids, idle expiry.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import { SessionStore } from "./sessions.ts";

for (const dialect of testDialects()) {
  describe(`session store (${dialect})`, () => {
    test("creates, loads, saves and expires sessions", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        let now = new Date("2026-12-04T10:00:00Z");
        const store = new SessionStore(database.handle.db, 60 * 60_000, () => now);
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
  });
}
