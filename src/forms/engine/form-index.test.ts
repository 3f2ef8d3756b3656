import assert from "node:assert/strict";
import { test } from "node:test";
import { todayInUk } from "./form-index.ts";

test("today in the UK turns at UK midnight, in summer time and out of it, whatever was asked before", () => {
  // British Summer Time: midnight in the UK is 23:00 UTC.
  assert.equal(todayInUk(new Date("2026-06-30T22:59:30Z")), "2026-06-30");
  assert.equal(todayInUk(new Date("2026-06-30T22:59:59.999Z")), "2026-06-30");
  assert.equal(todayInUk(new Date("2026-06-30T23:00:00Z")), "2026-07-01");
  assert.equal(todayInUk(new Date("2026-06-30T22:59:59Z")), "2026-06-30");
  // Greenwich Mean Time: midnight is midnight UTC.
  assert.equal(todayInUk(new Date("2026-12-31T23:59:59Z")), "2026-12-31");
  assert.equal(todayInUk(new Date("2027-01-01T00:00:00Z")), "2027-01-01");
  // The same minute a second time, across a different call in between.
  assert.equal(todayInUk(new Date("2026-06-30T23:00:30Z")), "2026-07-01");
});
