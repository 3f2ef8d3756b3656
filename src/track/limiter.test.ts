import assert from "node:assert/strict";
import { test } from "node:test";
import { AttemptLimiter } from "./limiter.ts";

test("allows max attempts per window, then says how long to wait", () => {
  let now = 1_000_000;
  const limiter = new AttemptLimiter({ max: 3, windowMillis: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.hit("a"), { allowed: true });
  now += 15_000;
  assert.deepEqual(limiter.hit("a"), { allowed: false, retryAfterSeconds: 45 });
  assert.deepEqual(limiter.hit("b"), { allowed: true }, "keys are counted apart");
  now += 45_000;
  assert.deepEqual(limiter.hit("a"), { allowed: true }, "a new window");
});

test("memory stays bounded: expired windows go first, then the oldest", () => {
  let now = 0;
  const limiter = new AttemptLimiter({ max: 1, windowMillis: 1000, maxKeys: 3, now: () => now });
  limiter.hit("old");
  now = 2000;
  limiter.hit("a");
  limiter.hit("b");
  limiter.hit("c");
  assert.equal(limiter.size, 3);
  limiter.hit("d");
  assert.equal(limiter.size, 3);
  assert.deepEqual(limiter.hit("d"), { allowed: false, retryAfterSeconds: 1 });
});
