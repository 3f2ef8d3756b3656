// The pooled random source hands out every byte once, across refills of its block.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RandomPool } from "./random-pool.ts";

test("hands out distinct values across refills of its block", () => {
  const pool = new RandomPool(1024);
  const seen = new Set<string>();
  // 1024 bytes hold 32 pairs of 16-byte values; go well past that.
  for (let i = 0; i < 1500; i++) {
    const hex = pool.hex(16);
    assert.match(hex, /^[0-9a-f]{32}$/);
    const secret = pool.base64url(18);
    assert.match(secret, /^[A-Za-z0-9_-]{24}$/);
    seen.add(hex).add(secret);
  }
  assert.equal(seen.size, 3000);
});

test("never hands out a value that straddles a refill", () => {
  const pool = new RandomPool(40);
  // 16 + 16 leaves 8 bytes: the next 16 must come from a fresh block, not those 8 plus 8.
  for (let i = 0; i < 100; i++) {
    assert.equal(pool.hex(16).length, 32);
    assert.equal(pool.hex(16).length, 32);
    assert.equal(pool.hex(16).length, 32);
  }
  assert.throws(() => pool.hex(41), /cannot take 41 bytes/);
});
