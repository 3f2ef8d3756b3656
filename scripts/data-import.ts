// `npm run data:import`: loads the demo's London (boundaries, made-up teams, the shipped crime
// and postcode files) into the database that DATA_DIR / DATABASE_URL name.
// `npm run data:import -- FILE…`: imports police.uk street-level CSV or API JSON files, the
// Met's ward-level crime CSV, a postcode CSV or a population CSV (docs/populations-format.md),
// gzipped or not; the format is told by the file's first line, not its name. A month of a
// force that is imported again replaces what was there; so does an area's population.
// `--force ID` sets the force for API JSON records (otherwise each takes the force of the
// area it falls in). A running site shows the new figures within about a minute, when its
// cached pages are next rendered again.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import type { ImportReport } from "../src/neighbourhoods/import.ts";
import { importCrimeFiles } from "../src/neighbourhoods/import.ts";
import { loadDemoData, seedBoundaries } from "../src/neighbourhoods/seed.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(
    [
      "Usage: npm run data:import [-- [--force ID] FILE…]",
      "",
      "Without files: loads the demo's London. Each FILE (gzipped or not) is one of:",
      "  police.uk street-level CSV or API JSON, the Met's ward-level crime CSV,",
      "  a postcode CSV, or a population CSV with the header area_code,population,year,source",
      "  (see docs/populations-format.md).",
    ].join("\n"),
  );
  process.exit(0);
}

const missing = positionals.filter((file) => !fs.existsSync(file));
if (missing.length > 0) {
  console.error(`Cannot find ${missing.join(", ")}. Nothing was imported.`);
  process.exit(1);
}

const config = loadConfig();
const database = openDatabase(config);
try {
  await database.migrate();
  const seeded = await seedBoundaries(database.db);
  if (seeded) console.log("Loaded the London boundaries and the demo teams.");
  const log = (message: string) => console.log(message);
  const report =
    positionals.length === 0
      ? await loadDemoData(database.db, { log })
      : await importCrimeFiles(database.db, positionals, { force: values.force, log });
  printReport(report);
} catch (error) {
  console.error(`Import failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

function printReport(report: ImportReport) {
  console.log("");
  for (const f of report.files) {
    const rejected = Object.entries(f.rejected)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(", ");
    console.log(
      `${f.file}: ${f.read} read, ${f.imported} imported` +
        (f.noLocation ? `, ${f.noLocation} with no location` : "") +
        (f.outsideAreas ? `, ${f.outsideAreas} outside every area` : "") +
        (f.repeated ? `, ${f.repeated} repeats skipped` : "") +
        (rejected ? `; left out: ${rejected}` : ""),
    );
  }
  const bySource = new Map<string, string[]>();
  for (const m of report.months) {
    const k = `${m.forceId} (${m.source})`;
    bySource.set(k, [...(bySource.get(k) ?? []), m.month]);
  }
  for (const [k, months] of bySource) {
    console.log(`${k}: ${months.length} months, ${months[0]} to ${months[months.length - 1]}`);
  }
  console.log(`Done in ${report.seconds.toFixed(1)} s.`);
}
