import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import { parseReference } from "./reference.ts";
import { findSubmission, submitOnce } from "./repository.ts";

const submission = {
  journeyId: "journey-1",
  formId: "report-a-theft",
  formVersion: 3,
  answers: { emergency: "no", value: 12_500 },
  startedAt: "2026-12-04T10:00:00.000Z",
  submittedAt: "2026-12-04T10:12:00.000Z",
};

for (const dialect of testDialects()) {
  describe(`submissions (${dialect})`, () => {
    test("a journey is submitted once, however many times it is sent", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const db = database.handle.db;
        const first = await submitOnce(db, submission);
        assert.equal(first.created, true);
        assert.ok(parseReference(first.record.reference));
        // Sent again, and ten times at once (a double click, a replayed POST).
        const again = await submitOnce(db, submission);
        const burst = await Promise.all(
          Array.from({ length: 10 }, () => submitOnce(db, submission)),
        );
        for (const result of [again, ...burst]) {
          assert.equal(result.created, false);
          assert.equal(result.record.reference, first.record.reference);
        }
        const count = await db
          .selectFrom("submissions")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 1);
        const stored = await findSubmission(db, first.record.reference);
        assert.deepEqual(stored?.answers, submission.answers);
        assert.equal(stored?.formVersion, 3);
      } finally {
        await database.cleanup();
      }
    });

    test("concurrent first submissions of one journey make one submission", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const db = database.handle.db;
        const results = await Promise.all(
          Array.from({ length: 8 }, () => submitOnce(db, { ...submission, journeyId: "race" })),
        );
        assert.equal(new Set(results.map((r) => r.record.reference)).size, 1);
        assert.equal(results.filter((r) => r.created).length, 1);
      } finally {
        await database.cleanup();
      }
    });

    test("work done with the submission rolls back with it", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        const db = database.handle.db;
        await assert.rejects(
          submitOnce(db, { ...submission, journeyId: "doomed" }, async () => {
            throw new Error("the case could not be created");
          }),
          /could not be created/,
        );
        const rows = await db.selectFrom("submissions").selectAll().execute();
        assert.equal(rows.length, 0, "no submission without its case");
      } finally {
        await database.cleanup();
      }
    });
  });
}
