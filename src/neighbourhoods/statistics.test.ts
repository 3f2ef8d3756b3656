import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  addMonths,
  CountTable,
  compare,
  describeChange,
  monthName,
  monthRange,
  periodsEnding,
  summarise,
} from "./statistics.ts";

describe("months", () => {
  test("adding months crosses years both ways", () => {
    assert.equal(addMonths("2026-03", -11), "2025-04");
    assert.equal(addMonths("2025-12", 1), "2026-01");
    assert.equal(addMonths("2024-01", -1), "2023-12");
    assert.equal(monthRange("2025-11", "2026-02").join(), "2025-11,2025-12,2026-01,2026-02");
    assert.equal(monthName("2026-03"), "March 2026");
  });

  test("the two periods are 12 months each, back to back", () => {
    const p = periodsEnding("2026-03");
    assert.equal(p.last.length, 12);
    assert.equal(p.previous.length, 12);
    assert.equal(p.last[0], "2025-04");
    assert.equal(p.previous[11], "2025-03");
    assert.equal(p.previous[0], "2024-04");
  });
});

describe("saying whether crime has changed", () => {
  test("small numbers are too few to say anything", () => {
    assert.deepEqual(compare(3, 9), { kind: "too-few" });
    assert.match(describeChange("burglary", 3, 9, compare(3, 9)), /too small to say/);
  });

  test("a change within what chance gives is about the same", () => {
    // 767 against 707: a difference of 60, chance alone gives up to about 77.
    assert.deepEqual(compare(767, 707), { kind: "same" });
    // 24 against 15 looks like +60% but is within chance for numbers this small.
    assert.deepEqual(compare(24, 15), { kind: "same" });
  });

  test("a real change is higher or lower, with its size", () => {
    assert.deepEqual(compare(686, 1140), { kind: "lower", percent: 40 });
    assert.deepEqual(compare(300, 150), { kind: "higher", percent: 100 });
    assert.equal(
      describeChange("shoplifting", 300, 150, compare(300, 150)),
      "Shoplifting is much higher than the year before, up 100%: 300 in the last 12 months, against 150 in the 12 months before.",
    );
    assert.match(
      describeChange("burglary", 200, 160, compare(200, 160)),
      /^Burglary is higher than the year before, up 25%/,
    );
  });

  test("a big but tiny-percentage change is still about the same", () => {
    assert.deepEqual(compare(105_000, 100_000), { kind: "same" }, "5% is not worth a headline");
  });

  test("without the earlier year it says so rather than guess", () => {
    assert.deepEqual(compare(50, 0, false), { kind: "no-earlier-data" });
    assert.match(
      describeChange("drug offences", 50, 0, compare(50, 0, false)),
      /We do not have figures for the 12 months before/,
    );
  });
});

describe("summarising an area", () => {
  test("categories most common first, with shares and totals", () => {
    const p = periodsEnding("2026-03");
    const rows = [
      ...p.last.map((month) => ({ month, category: "burglary", count: 2 })),
      ...p.last.map((month) => ({ month, category: "robbery", count: 5 })),
      ...p.previous.map((month) => ({ month, category: "robbery", count: 5 })),
      ...p.last.map((month) => ({ month, category: "all-crime", count: 7 })),
      ...p.previous.map((month) => ({ month, category: "all-crime", count: 5 })),
    ];
    const s = summarise(new CountTable(rows), p, true);
    assert.equal(s.total, 84);
    assert.equal(s.totalPrevious, 60);
    assert.deepEqual(
      s.categories.map((c) => [c.category.slug, c.last, c.previous, c.share, c.change.kind]),
      [
        ["robbery", 60, 60, 71, "same"],
        ["burglary", 24, 0, 29, "higher"],
      ],
    );
  });
});
