// The platform benchmark: Bluelamp's home page and a content page, side by side with the
// floor (bare Fastify sending a fixed page of the same size), in production mode.
// Variants: request logging at the default level (info) as well as at warn, and PostgreSQL
// as well as the embedded SQLite.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { bluelampServer } from "./lib/bluelamp.ts";
import { benchDir, repoRoot, type Suite, scratchDir } from "./lib/runner.ts";
import type { Scenario, ServerSpec } from "./lib/types.ts";

function bluelamp(
  name: string,
  description: string,
  options: { logLevel: string; databaseUrl?: string },
): ServerSpec {
  return bluelampServer({
    name,
    description,
    env: () => ({
      // A fresh, empty data folder: the server creates and migrates its SQLite file on start.
      DATA_DIR: fs.mkdtempSync(path.join(scratchDir(), "data-")),
      LOG_LEVEL: options.logLevel,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    }),
  });
}

const floor = (bytes: number): ServerSpec => ({
  name: "fastify-floor",
  description: `bench/floor-server.ts: the same Fastify, no plugins, no logging, a fixed ${bytes}-byte HTML page (the size of Bluelamp's home page)`,
  command: [process.execPath, path.join(benchDir, "floor-server.ts")],
  cwd: repoRoot,
  env: (port) => ({
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    FLOOR_BYTES: String(bytes),
  }),
  readyPath: "/readyz",
});

const home = (server: ServerSpec, contains = "Report a crime or incident"): Scenario => ({
  name: "home",
  server,
  request: { method: "GET", path: "/" },
  expect: { status: 200, contains },
});
const contentPage = (server: ServerSpec): Scenario => ({
  name: "content page",
  server,
  request: { method: "GET", path: "/contact" },
  expect: { status: 200, contains: "18000" },
});

const notes = [
  "One measured run per row. On this shared 2-vCPU VM, repeated runs differ by 10-20 %: read differences smaller than that as noise.",
  "Neither page reads the database today (a GET without a form starts no session), so the SQLite and PostgreSQL rows measure the same work.",
  "p97.5 and p99 come from autocannon's latency histogram (1 ms resolution, so 0 means under 1 ms). Unexpected = responses with another status than expected, plus socket errors and timeouts.",
  "Server CPU is utime+stime of all the server's threads during the measured run, as % of one core; load CPU is autocannon's own. RSS end is VmRSS after the measured run; peak is VmHWM, the largest resident set since the server started (warm-up included).",
];

// PostgreSQL: a database of its own on the server BENCH_DATABASE_URL names (default: the
// machine's, where tests keep the database `test`), created empty and dropped at the end.
// Not a schema inside `test`: Kysely's migrator looks for its own tables in every schema, so
// a fresh schema beside others that have them is never migrated.
const dialects = (process.env.BENCH_DIALECTS ?? "sqlite,postgres").split(",");
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const database = `bluelamp_bench_${randomBytes(4).toString("hex")}`;
let postgresUrl: string | undefined;
if (dialects.includes("postgres")) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`create database ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    postgresUrl = url.toString();
    const version = (await client.query("show server_version")).rows[0].server_version;
    notes.push(
      `PostgreSQL ${version} on this machine, over TCP loopback, not pinned (it shares the cores with everything else), in a fresh database dropped after the run.`,
    );
  } catch (error) {
    notes.push(
      `PostgreSQL rows skipped: ${adminUrl.replace(/\/\/[^@]*@/, "//")} could not be used (${(error as Error).message}).`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

const sqliteWarn = bluelamp(
  "bluelamp-sqlite",
  "`npm start` in production, SQLite, LOG_LEVEL=warn",
  { logLevel: "warn" },
);
const sqliteInfo = bluelamp(
  "bluelamp-sqlite-log-info",
  "the same with LOG_LEVEL=info (the default: one JSON line per request and per response, to a file)",
  { logLevel: "info" },
);
const scenarios: Suite["scenarios"] = [];
if (dialects.includes("sqlite")) {
  scenarios.push(home(sqliteWarn), contentPage(sqliteWarn));
}
scenarios.push((done) => {
  const bytes = done.find((r) => r.scenario === "home")?.responseBytes ?? 7500;
  return home(floor(bytes), "<title>Floor</title>");
});
if (dialects.includes("sqlite")) scenarios.push(home(sqliteInfo));
if (postgresUrl) {
  const postgres = bluelamp(
    "bluelamp-postgres",
    "`npm start` in production, PostgreSQL, LOG_LEVEL=warn",
    {
      logLevel: "warn",
      databaseUrl: postgresUrl,
    },
  );
  scenarios.push(home(postgres), contentPage(postgres));
}

export const suite: Suite = {
  name: "platform",
  baseline: "fastify-floor",
  notes,
  scenarios,
  async cleanup() {
    if (!postgresUrl) return;
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
    } finally {
      await client.end().catch(() => {});
    }
  },
};
