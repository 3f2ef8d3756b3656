// Time-ordered ids are version 7 UUIDs that sort in the order they were made, also within
// one millisecond, so rows with the same time read back in the order they were written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { timeOrderedId } from "./time-ordered-id.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("ids made in the same millisecond sort in the order they were made", () => {
  const at = Date.UTC(2026, 11, 4, 12);
  const ids = Array.from({ length: 5000 }, () => timeOrderedId(at));
  for (const id of ids) assert.match(id, UUID_V7);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // The time part is the millisecond given (until the counter runs out, 4,096 a millisecond).
  assert.equal(Number.parseInt(ids[0].replace("-", "").slice(0, 12), 16), at);
});

test("a later time sorts later, and a clock that steps back does not reorder", () => {
  const at = Date.UTC(2026, 11, 4, 13);
  const first = timeOrderedId(at);
  const later = timeOrderedId(at + 1);
  const stepBack = timeOrderedId(at - 50);
  assert.ok(first < later && later < stepBack);
});
