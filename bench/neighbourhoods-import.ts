// `npm run bench -- neighbourhoods-import`: the import rate of the shipped crime files
// (rows per second through the whole pipeline: read, gunzip, parse, check, place in an area,
// write, replace, count) against a baseline that only reads, gunzips and parses the same
// files, in the same run, alternating, on SQLite and PostgreSQL. The server core is used for
// both, so they compete for the same CPU. Results go to bench/results/<date>-neighbourhoods-import.*
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse";
import pg from "pg";
import { openDatabase } from "../src/db/database.ts";
import { loadAreaLookup } from "../src/neighbourhoods/boundaries.ts";
import { importCrimeFiles } from "../src/neighbourhoods/import.ts";
import { jsonArrayElements } from "../src/neighbourhoods/json-records.ts";
import { londonDataFiles, seedBoundaries } from "../src/neighbourhoods/seed.ts";
import { detectFormat, openText } from "../src/neighbourhoods/sources.ts";
import { benchDir, machine } from "./lib/runner.ts";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dialects = (process.env.BENCH_DIALECTS ?? "sqlite,postgres").split(",");
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
// Two sets, reported apart: the police.uk street-level months (one source row is one
// record), and the Met's ward-level counts (one source row holds 25 months of counts).
const allFiles = londonDataFiles().filter((f) => !f.includes("postcodes"));
const sets = [
  { name: "street-level months", files: allFiles.filter((f) => f.includes("-street")) },
  { name: "Met ward-level counts", files: allFiles.filter((f) => f.includes("mps-ward-level")) },
];

/** The baseline: read, gunzip and parse every file to records, and nothing else. */
async function parseOnly(files: string[]): Promise<number> {
  let rows = 0;
  for (const file of files) {
    const format = await detectFormat(file);
    const stream = await openText(file);
    if (format === "api-json") {
      for await (const _ of jsonArrayElements(stream as AsyncIterable<string>)) rows++;
    } else {
      const parser = stream.pipe(parse({ columns: true, bom: true, relax_column_count: true }));
      for await (const _ of parser) rows++;
    }
  }
  return rows;
}

type Target = {
  name: string;
  open(): Promise<{ db: ReturnType<typeof openDatabase>; done(): Promise<void> }>;
};

const targets: Target[] = [];
if (dialects.includes("sqlite")) {
  targets.push({
    name: "import, SQLite",
    async open() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-bench-import-"));
      const db = openDatabase({ dataDir });
      return {
        db,
        async done() {
          await db.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  });
}
if (dialects.includes("postgres")) {
  targets.push({
    name: "import, PostgreSQL",
    async open() {
      const schema = `bench_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-bench-import-"));
      const db = openDatabase({ dataDir, databaseUrl: adminUrl, schema });
      return {
        db,
        async done() {
          await db.close();
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          await client.query(`drop schema if exists ${schema} cascade`);
          await client.end();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  });
}

type Sample = {
  round: number;
  set: string;
  name: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
};
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const samples: Sample[] = [];
for (let round = 0; round < rounds; round++) {
  for (const set of sets) {
    let started = performance.now();
    let cpuStart = process.cpuUsage();
    const rows = await parseOnly(set.files);
    samples.push({
      round,
      set: set.name,
      name: "parse only (baseline)",
      rows,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: cpu(cpuStart),
    });
    for (const target of targets) {
      const { db, done } = await target.open();
      try {
        await db.migrate();
        await seedBoundaries(db.db);
        const areas = await loadAreaLookup(db.db);
        started = performance.now();
        cpuStart = process.cpuUsage();
        const report = await importCrimeFiles(db.db, set.files, { areas });
        const seconds = (performance.now() - started) / 1000;
        samples.push({
          round,
          set: set.name,
          name: target.name,
          rows: report.files.reduce((n, f) => n + f.read, 0),
          seconds,
          cpuSeconds: cpu(cpuStart),
        });
      } finally {
        await done();
      }
    }
    console.log(
      `round ${round + 1}/${rounds}, ${set.name}: ${samples
        .slice(-1 - targets.length)
        .map((s) => `${s.name} ${(s.rows / s.seconds).toFixed(0)} rows/s`)
        .join(", ")}`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [
  `${rounds} rounds; in each, for each set, the baseline then each pipeline, one after another. Median of the rounds. Rows are source rows (CSV rows). CPU is this process's (user + system); PostgreSQL's own work is in its server processes, not counted there. Load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} (2 cores).`,
  "",
  "\"Same round\" is the median, over the rounds, of the import's rate against the baseline's in that round (seconds apart, so under the same load): steadier than the ratio of the two medians when other work comes and goes.",
  "",
  "| files | pipeline | rows | median seconds | median rows/s | vs parse only | vs parse only, same round | this process's CPU s | rows per CPU s | vs parse only (CPU) |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
];
const summary: Array<Record<string, unknown>> = [];
for (const set of sets) {
  const mine = samples.filter((s) => s.set === set.name);
  const names = [...new Set(mine.map((s) => s.name))];
  const base = mine.filter((s) => s.name === names[0]);
  const baseline = median(base.map((s) => s.rows / s.seconds));
  const baselineCpu = median(base.map((s) => s.rows / s.cpuSeconds));
  for (const name of names) {
    const these = mine.filter((s) => s.name === name);
    const rate = median(these.map((s) => s.rows / s.seconds));
    const seconds = median(these.map((s) => s.seconds));
    const cpuSeconds = median(these.map((s) => s.cpuSeconds));
    const cpuRate = median(these.map((s) => s.rows / s.cpuSeconds));
    const paired = median(
      these.map((s) => {
        const b = base.find((x) => x.round === s.round) ?? base[0];
        return s.rows / s.seconds / (b.rows / b.seconds);
      }),
    );
    lines.push(
      `| ${set.name} (${set.files.length} files) | ${name} | ${these[0].rows.toLocaleString("en-GB")} | ${seconds.toFixed(2)} | ${Math.round(rate).toLocaleString("en-GB")} | ${((rate / baseline) * 100).toFixed(0)} % | ${(paired * 100).toFixed(0)} % | ${cpuSeconds.toFixed(2)} | ${Math.round(cpuRate).toLocaleString("en-GB")} | ${((cpuRate / baselineCpu) * 100).toFixed(0)} % |`,
    );
    summary.push({
      set: set.name,
      name,
      rows: these[0].rows,
      medianSeconds: seconds,
      medianRowsPerSecond: rate,
      medianOfSameRoundRatios: paired,
      samples: these,
    });
  }
}
const table = lines.join("\n");
console.log(`\n${table}`);
const date = new Date().toISOString().slice(0, 10);
const results = path.join(benchDir, "results");
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(
  path.join(results, `${date}-neighbourhoods-import.json`),
  `${JSON.stringify({ suite: "neighbourhoods-import", startedAt: new Date().toISOString(), machine: machine(), results: summary }, null, 2)}\n`,
);
fs.writeFileSync(path.join(results, `${date}-neighbourhoods-import.md`), `${table}\n`);
