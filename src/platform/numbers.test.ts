import assert from "node:assert/strict";
import test from "node:test";
import { formatNumber } from "./numbers.ts";

test("whole numbers are grouped in threes with commas, as en-GB writes them", () => {
  const samples = [0, 7, 999, 1000, 9999, 12345, 100000, 999999, 1000000, 123456789, 2 ** 31];
  for (let n = 1; n < 1e15; n = Math.floor(n * 3.7) + 1) samples.push(n);
  for (const n of samples) {
    assert.equal(formatNumber(n), n.toLocaleString("en-GB"), String(n));
    if (n !== 0) assert.equal(formatNumber(-n), (-n).toLocaleString("en-GB"), String(-n));
  }
  assert.equal(formatNumber(1234567), "1,234,567");
  assert.equal(formatNumber(-0), "0", "not ICU's -0");
});

test("a fraction keeps its digits after the point", () => {
  assert.equal(formatNumber(1234.5), "1,234.5");
  assert.equal(formatNumber(-0.25), "-0.25");
  assert.equal(formatNumber(Number.NaN), "NaN");
});
