// The search suite (`npm run bench -- search`): a published content page and site search
// under load, beside a static page of the same server as the baseline, served by
// `npm start` (`src/start.ts`) in production mode with its seed content, 50 connections; and search
// quality, measured on the first fresh server before its load: for each query in
// search-queries.json (what the public type, and the page that should come first), the rank
// of that page, as precision at 1 and mean reciprocal rank. Quality goes to
// results/<date>-search-quality.{json,md} as well as the suite's notes.
//
// Load connections cannot share one query list in turn (connection i sends request i again
// and again), so the queries are split in two rows of 49 connections' worth each: every
// query is measured, each by one connection at a time.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../src/db/database.ts";
import { bluelampServer } from "./lib/bluelamp.ts";
import { benchDir, type Suite, scratchDir } from "./lib/runner.ts";
import type { LoadRequest, Scenario, ServerSpec } from "./lib/types.ts";

type Judged = { query: string; expected: string; set: string };
const { queries } = JSON.parse(
  fs.readFileSync(path.join(benchDir, "search-queries.json"), "utf8"),
) as { queries: Judged[] };

const dialects = (process.env.BENCH_DIALECTS ?? "sqlite,postgres").split(",");
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = `bench_${randomBytes(4).toString("hex")}`;
const publishedPage = { path: "/advice/keep-your-bike-safe", contains: "Keep your bike safe" };

const notes = [
  `Content: the seed content in content/ (loaded by the server itself on its empty database at start), the four services in forms/ and the site's own pages: 35 things to find.`,
  `Published page: GET ${publishedPage.path}, an advice page read from the database on every request (breadcrumbs, related pages). Static page: GET /contact, a template with no database read: the baseline.`,
  `Search: GET /search?q=…, each connection a different one of the ${queries.length} queries in bench/search-queries.json, in two rows (queries 1, 3, 5… and 2, 4, 6…); the index is in memory and built on the first search (during the warm-up). Typo row: every connection the same misspelling that finds nothing as typed, so each request also works out and runs the nearest spelling ("did you mean").`,
  "One measured run per row, on a shared 2-vCPU VM: differences under 10-20 % are noise. Read the 'other CPU' columns: a contended row is slower than the code alone.",
];

// PostgreSQL: a schema of its own, migrated here (untimed), named in the server's URL.
let postgresUrl: string | undefined;
if (dialects.includes("postgres")) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`create schema ${schema}`);
    const database = openDatabase({
      dataDir: fs.mkdtempSync(path.join(scratchDir(), "search-pg-")),
      databaseUrl: adminUrl,
      schema,
    });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    const url = new URL(adminUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    postgresUrl = url.toString();
    const version = (await client.query("show server_version")).rows[0].server_version;
    notes.push(
      `PostgreSQL ${version} on this machine, over TCP loopback, not pinned, in a fresh schema dropped after the run.`,
    );
  } catch (error) {
    notes.push(`PostgreSQL rows skipped: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function bluelamp(name: string, description: string, databaseUrl?: string): ServerSpec {
  return bluelampServer({
    name,
    description,
    env: () => ({
      // A fresh data folder per server: SQLite starts empty and the server seeds its content.
      DATA_DIR: fs.mkdtempSync(path.join(scratchDir(), "search-data-")),
      LOG_LEVEL: "warn",
      NEIGHBOURHOOD_DATA: "none",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }),
  });
}

const searchPath = (q: string) => `/search?${new URLSearchParams({ q })}`;

/** The result links of a results page, in order. */
function resultUrls(html: string): string[] {
  const list = /<ol class="govuk-list bl-search-results"[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "";
  return [...list.matchAll(/<h2[^>]*><a class="govuk-link" href="([^"]+)"/g)].map((m) => m[1]);
}

type Ranked = Judged & { rank: number; top: string[] };

function scores(ranked: Ranked[]) {
  const n = ranked.length;
  return {
    queries: n,
    precisionAt1: Math.round((ranked.filter((r) => r.rank === 1).length / n) * 1000) / 1000,
    meanReciprocalRank:
      Math.round((ranked.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0) / n) * 1000) /
      1000,
    inTop3: Math.round((ranked.filter((r) => r.rank >= 1 && r.rank <= 3).length / n) * 1000) / 1000,
  };
}

let qualityMeasured = false;

/** Untimed, on the first search row's fresh server: every query once, its expected page's rank. */
async function measureQuality(base: string, serverName: string) {
  if (qualityMeasured) return;
  qualityMeasured = true;
  const ranked: Ranked[] = [];
  for (const judged of queries) {
    const response = await fetch(base + searchPath(judged.query));
    const urls = resultUrls(await response.text());
    ranked.push({ ...judged, rank: urls.indexOf(judged.expected) + 1, top: urls.slice(0, 3) });
  }
  const sets = [...new Set(queries.map((q) => q.set))];
  const bySet = Object.fromEntries(
    sets.map((set) => [set, scores(ranked.filter((r) => r.set === set))]),
  );
  const all = scores(ranked);
  const misses = ranked.filter((r) => r.rank !== 1);
  const lines = [
    `### search quality: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${queries.length} queries from bench/search-queries.json against ${serverName}, each the rank of the page that should come first (0: not in the results).`,
    "",
    "| queries | n | precision at 1 | mean reciprocal rank | in the top 3 |",
    "|---|--:|--:|--:|--:|",
    ...[...sets.map((set) => [set, bySet[set]] as const), ["all", all] as const].map(
      ([set, s]) =>
        `| ${set} | ${s.queries} | ${s.precisionAt1} | ${s.meanReciprocalRank} | ${s.inTop3} |`,
    ),
    "",
    "Not first:",
    "",
    ...misses.map(
      (r) =>
        `- (${r.set}) "${r.query}": ${r.expected} at ${r.rank || "—"}; first ${r.top[0] ?? "nothing"}`,
    ),
    "",
  ];
  const text = lines.join("\n");
  const dir = path.join(benchDir, "results");
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, `${new Date().toISOString().slice(0, 10)}-search-quality`);
  fs.writeFileSync(
    `${stem}.json`,
    `${JSON.stringify({ server: serverName, bySet, all, ranked }, null, 2)}\n`,
  );
  fs.writeFileSync(`${stem}.md`, text);
  console.log(`\n${text}`);
  notes.push(
    `Search quality (${queries.length} queries, untimed, before this server's load): precision at 1 ${all.precisionAt1}, mean reciprocal rank ${all.meanReciprocalRank}; held-out queries only: ${bySet["held-out"]?.precisionAt1 ?? "—"} and ${bySet["held-out"]?.meanReciprocalRank ?? "—"}. Details in results/*-search-quality.md.`,
  );
}

/** Connection i asks query i of this half of the list (odd or even positions). */
function searchRequests(half: 0 | 1, connections: number): LoadRequest[] {
  const mine = queries.filter((_, i) => i % 2 === half);
  return Array.from({ length: connections }, (_, i) => ({
    method: "GET",
    path: searchPath(mine[i % mine.length].query),
  }));
}

const staticPage = (server: ServerSpec): Scenario => ({
  name: "static page",
  server,
  request: { method: "GET", path: "/contact" },
  expect: { status: 200, contains: "18000" },
});
const published = (server: ServerSpec): Scenario => ({
  name: "published page",
  server,
  request: { method: "GET", path: publishedPage.path },
  expect: { status: 200, contains: publishedPage.contains },
});
const search = (server: ServerSpec, half: 0 | 1): Scenario => ({
  name: `search, queries ${half === 0 ? "1, 3, 5…" : "2, 4, 6…"}`,
  server,
  request: searchRequests(half, 1)[0],
  expect: { status: 200, contains: "bl-search-results" },
  prepare: async (base, connections) => {
    await measureQuality(base, server.name);
    return searchRequests(half, connections);
  },
});
const typo = (server: ServerSpec): Scenario => ({
  name: "search, typo corrected",
  server,
  request: { method: "GET", path: searchPath("burlgary") },
  expect: { status: 200, contains: "Showing results for" },
});

const scenarios: Suite["scenarios"] = [];
if (dialects.includes("sqlite")) {
  const sqlite = bluelamp("bluelamp-sqlite", "`npm start` in production, SQLite, LOG_LEVEL=warn");
  scenarios.push(
    staticPage(sqlite),
    published(sqlite),
    search(sqlite, 0),
    search(sqlite, 1),
    typo(sqlite),
  );
}
if (postgresUrl) {
  const postgres = bluelamp(
    "bluelamp-postgres",
    "`npm start` in production, PostgreSQL, LOG_LEVEL=warn",
    postgresUrl,
  );
  scenarios.push(published(postgres), search(postgres, 0));
}

// Last: each row's requests/s against the static page of the same server, as a note.
scenarios.push((done) => {
  for (const server of new Set(done.map((r) => r.server))) {
    const rows = done.filter((r) => r.server === server);
    const base = rows.find((r) => r.scenario === "static page");
    if (!base) continue;
    const parts = rows
      .filter((r) => r !== base)
      .map(
        (r) =>
          `${r.scenario} ${Math.round((r.requestsPerSecond / base.requestsPerSecond) * 100)} %`,
      );
    notes.push(`${server}, requests/s against its static page: ${parts.join(", ")}.`);
  }
  return undefined;
});

export const suite: Suite = {
  name: "search",
  notes,
  scenarios,
  async cleanup() {
    if (!postgresUrl) return;
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end().catch(() => {});
    }
  },
};
