// Search quality over the real seed content: the queries in bench/search-queries.json (what
// the public type, and the page that should come first) through the whole app, on both
// dialects. A guard against changes that make search worse, with room to spare: the
// measured figures are in bench/README.md, written by `npm run bench -- search`.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { resultUrls } from "./search-fixtures.ts";

type Judged = { query: string; expected: string; set: string };
const { queries } = JSON.parse(
  fs.readFileSync(new URL("../../bench/search-queries.json", import.meta.url), "utf8"),
) as { queries: Judged[] };

/** Precision at 1 and mean reciprocal rank, and the queries whose page did not come first. */
function quality(ranks: number[]) {
  const n = ranks.length;
  return {
    precisionAt1: ranks.filter((r) => r === 1).length / n,
    meanReciprocalRank: ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n,
  };
}

for (const dialect of testDialects()) {
  describe(`search quality over the seed content (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(dialect);
    });
    after(() => t.close());

    test(`at least 50 real queries, each with a page that exists`, async () => {
      assert.ok(queries.length >= 50, `${queries.length} queries`);
      const pages = new Set((await t.app.siteSearch.documents()).map((d) => d.url));
      for (const { query, expected } of queries) {
        assert.ok(pages.has(expected), `"${query}": ${expected} is not a page search knows`);
      }
    });

    test("the expected page comes first for most, and near the top for nearly all", async () => {
      const ranks: number[] = [];
      const misses: string[] = [];
      for (const { query, expected } of queries) {
        const res = await t.app.inject({ url: `/search?${new URLSearchParams({ q: query })}` });
        assert.equal(res.statusCode, 200);
        const rank = resultUrls(res.body).indexOf(expected) + 1;
        ranks.push(rank);
        if (rank !== 1) misses.push(`${query} → ${rank || "not found"}`);
      }
      const { precisionAt1, meanReciprocalRank } = quality(ranks);
      const detail = `P@1 ${precisionAt1.toFixed(3)}, MRR ${meanReciprocalRank.toFixed(3)}; not first: ${misses.join("; ")}`;
      assert.ok(precisionAt1 >= 0.8, detail);
      assert.ok(meanReciprocalRank >= 0.85, detail);
      assert.ok(
        ranks.filter((r) => r >= 1 && r <= 3).length / ranks.length >= 0.95,
        `in the top 3: ${detail}`,
      );
    });
  });
}
