// The crime importer: police.uk street-level CSV and API JSON, and the Met's ward-level
// counts, gzipped or not, read as streams so a year of London never sits in memory.
//
// One run (one `npm run data:import -- FILE…`) is one unit: rows are written under a new
// import id while the files are read, then, in one transaction, every force-month the run
// brought replaces what was there before and the counts for those months are rebuilt. A run
// that fails takes its own rows away again, so a month is never half-replaced or doubled.
// Bad rows are counted by reason and reported; they never stop a run.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parse } from "csv-parse";
import type { Insertable, Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { rebuildCounts } from "./aggregates.ts";
import { type AreaLookup, loadAreaLookup } from "./boundaries.ts";
import { slugForRecordedOffence } from "./categories.ts";
import { jsonArrayElements } from "./json-records.ts";
import { importPostcodes } from "./postcodes.ts";
import { detectFormat, openText, type SourceFormat } from "./sources.ts";
import { fromApiObject, fromCsvRow, type Parsed, type StreetRecord } from "./street-records.ts";

export type FileReport = {
  file: string;
  format: SourceFormat;
  /** Records (rows or objects) read from the file. */
  read: number;
  /** Records stored. */
  imported: number;
  /** Stored, but with no location (police.uk "No Location"), so in no area. */
  noLocation: number;
  /** Stored, but outside every neighbourhood we have a boundary for. */
  outsideAreas: number;
  /** API records whose id was already seen in this run (areas saved one by one overlap). */
  repeated: number;
  /** Records left out, by reason. */
  rejected: Record<string, number>;
};

export type ImportReport = {
  importId: string;
  files: FileReport[];
  /** What the run put in place: one line per force, month and kind of source. */
  months: Array<{ forceId: string; month: string; source: string; records: number }>;
  seconds: number;
};

export type ImportOptions = {
  /** Force for records whose file does not say (API JSON); otherwise the area's force. */
  force?: string;
  now?: () => Date;
  log?: (message: string) => void;
  /** Boundaries to assign crimes by; loaded from the database when not given. */
  areas?: AreaLookup;
  batchSize?: number;
  /** Stops the run between batches (its rows are taken away again), e.g. at shutdown. */
  signal?: AbortSignal;
};

type StreetRow = Insertable<Database["street_crimes"]>;

const key = (forceId: string, month: string) => `${forceId}|${month}`;

export async function importCrimeFiles(
  db: Kysely<Database>,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const say = options.log ?? (() => {});
  const log = (message: string) =>
    say(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${message}`);
  const areas = options.areas ?? (await loadAreaLookup(db));
  const importId = randomUUID();
  // 18 columns a street row: 1,500 rows is 27,000 parameters, under both databases' limits.
  const batchSize = options.batchSize ?? 1500;
  await db
    .insertInto("crime_imports")
    .values({
      id: importId,
      started_at: now().toISOString(),
      finished_at: null,
      status: "running",
      files: JSON.stringify(files.map((f) => path.basename(f))),
      report: null,
    })
    .execute();

  const streetKeys = new Map<string, number>();
  const recordedKeys = new Map<string, number>();
  const seenPoliceIds = new Set<number>();
  const reports: FileReport[] = [];
  const postcodeFiles: string[] = [];
  // Once the crime is in place, a failure with the postcodes must not take it away.
  let placed = false;

  try {
    for (const file of files) {
      options.signal?.throwIfAborted();
      const format = await detectFormat(file);
      const report: FileReport = {
        file: path.basename(file),
        format,
        read: 0,
        imported: 0,
        noLocation: 0,
        outsideAreas: 0,
        repeated: 0,
        rejected: {},
      };
      if (format === "postcodes-csv") {
        // Postcodes are reference data, not crime: loaded after the crime is in place.
        postcodeFiles.push(file);
        continue;
      }
      log(`Reading ${report.file} (${format})`);
      if (format === "recorded-csv") {
        await readRecordedCounts(db, file, importId, areas, options, report, recordedKeys);
      } else {
        await readStreetRecords(db, file, format, importId, areas, options, report, {
          streetKeys,
          seenPoliceIds,
          batchSize,
        });
      }
      reports.push(report);
    }

    log(`Replacing the months this run brought and counting them by area`);
    const months = await putInPlace(db, importId, streetKeys, recordedKeys, now);
    placed = true;
    await db
      .updateTable("crime_imports")
      .set({
        status: "finished",
        finished_at: now().toISOString(),
        report: JSON.stringify({ files: reports, months }),
      })
      .where("id", "=", importId)
      .execute();

    for (const file of postcodeFiles) {
      options.signal?.throwIfAborted();
      log(`Reading ${path.basename(file)} (postcodes-csv)`);
      const result = await importPostcodes(db, file, areas, options.signal);
      reports.push({
        file: path.basename(file),
        format: "postcodes-csv",
        read: result.read,
        imported: result.imported,
        noLocation: 0,
        outsideAreas: result.outsideAreas,
        repeated: 0,
        rejected: result.rejected,
      });
    }
    return { importId, files: reports, months, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (placed) throw error;
    await db.deleteFrom("street_crimes").where("import_id", "=", importId).execute();
    await db.deleteFrom("recorded_crime_counts").where("import_id", "=", importId).execute();
    await db
      .updateTable("crime_imports")
      .set({ status: "failed", finished_at: now().toISOString() })
      .where("id", "=", importId)
      .execute();
    throw error;
  }
}

async function readStreetRecords(
  db: Kysely<Database>,
  file: string,
  format: SourceFormat,
  importId: string,
  areas: AreaLookup,
  options: ImportOptions,
  report: FileReport,
  run: { streetKeys: Map<string, number>; seenPoliceIds: Set<number>; batchSize: number },
): Promise<void> {
  // Rows go in as multi-row inserts of batchSize, four to a transaction: far fewer commits,
  // and each transaction short enough not to hold up pages sharing the connection.
  let batch: StreetRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    options.signal?.throwIfAborted();
    const rows = batch;
    batch = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += run.batchSize) {
        await trx
          .insertInto("street_crimes")
          .values(rows.slice(i, i + run.batchSize))
          .execute();
      }
    });
  };
  const reject = (reason: string) => {
    report.rejected[reason] = (report.rejected[reason] ?? 0) + 1;
  };

  const take = async (parsed: Parsed) => {
    report.read++;
    if ("rejected" in parsed) return reject(parsed.rejected);
    const record = parsed.record;
    if (record.policeId !== null) {
      if (run.seenPoliceIds.has(record.policeId)) {
        report.repeated++;
        return;
      }
      run.seenPoliceIds.add(record.policeId);
    }
    const neighbourhoodId =
      record.latitude === null || record.longitude === null
        ? undefined
        : areas.index.locate(record.latitude, record.longitude);
    const forceId =
      record.forceId ??
      options.force ??
      (neighbourhoodId ? areas.forceOf.get(neighbourhoodId) : undefined);
    if (!forceId) return reject("force not known (outside every area)");
    if (record.latitude === null) report.noLocation++;
    else if (!neighbourhoodId) report.outsideAreas++;
    report.imported++;
    const k = key(forceId, record.month);
    run.streetKeys.set(k, (run.streetKeys.get(k) ?? 0) + 1);
    batch.push(toRow(record, forceId, neighbourhoodId ?? null, importId));
    if (batch.length >= run.batchSize * 4) await flush();
  };

  const stream = await openText(file);
  try {
    if (format === "street-csv") {
      const parser = stream.pipe(
        parse({
          columns: true,
          bom: true,
          skip_empty_lines: true,
          relax_column_count: true,
          relax_quotes: true,
        }),
      );
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        await take(fromCsvRow(row));
      }
    } else {
      for await (const value of jsonArrayElements(stream as AsyncIterable<string>)) {
        await take(fromApiObject(value));
      }
    }
    await flush();
  } finally {
    stream.destroy();
  }
}

function toRow(
  record: StreetRecord,
  forceId: string,
  neighbourhoodId: string | null,
  importId: string,
): StreetRow {
  return {
    police_id: record.policeId,
    persistent_id: record.persistentId,
    force_id: forceId,
    month: record.month,
    category: record.category,
    latitude: record.latitude,
    longitude: record.longitude,
    street_id: record.streetId,
    street_name: record.streetName,
    location_type: record.locationType,
    location_subtype: record.locationSubtype,
    context: record.context,
    outcome_category: record.outcomeCategory,
    outcome_date: record.outcomeDate,
    lsoa_code: record.lsoaCode,
    lsoa_name: record.lsoaName,
    neighbourhood_id: neighbourhoodId,
    import_id: importId,
  };
}

/**
 * The Met's ward-level recorded crime: one row per ward and offence group, one column per
 * month (YYYYMM). Counted into police.uk categories per ward and month, then stored.
 */
async function readRecordedCounts(
  db: Kysely<Database>,
  file: string,
  importId: string,
  areas: AreaLookup,
  options: ImportOptions,
  report: FileReport,
  recordedKeys: Map<string, number>,
): Promise<void> {
  const counts = new Map<string, number>();
  const reject = (reason: string, n = 1) => {
    report.rejected[reason] = (report.rejected[reason] ?? 0) + n;
  };
  const stream = await openText(file);
  try {
    const parser = stream.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
    );
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      report.read++;
      const ward = (row.WardCode ?? "").trim();
      const forceId = options.force ?? areas.forceOf.get(ward);
      if (!forceId) {
        reject("area not known");
        continue;
      }
      const category = slugForRecordedOffence(row.MajorText ?? "", row.MinorText ?? "");
      if (category === undefined) {
        reject("offence group not known");
        continue;
      }
      if (category === null) {
        reject("offence not published by police.uk (Action Fraud)");
        continue;
      }
      let kept = false;
      for (const [column, value] of Object.entries(row)) {
        if (!/^\d{6}$/.test(column)) continue;
        const month = `${column.slice(0, 4)}-${column.slice(4)}`;
        const n = Number(value);
        if (value.trim() === "" || !Number.isInteger(n) || n < 0) {
          reject("bad count");
          continue;
        }
        if (n === 0) continue;
        const k = `${forceId}|${ward}|${month}|${category}`;
        counts.set(k, (counts.get(k) ?? 0) + n);
        recordedKeys.set(key(forceId, month), (recordedKeys.get(key(forceId, month)) ?? 0) + n);
        kept = true;
      }
      // Months with no crimes are still months we hold data for.
      for (const column of Object.keys(row)) {
        if (/^\d{6}$/.test(column)) {
          const k = key(forceId, `${column.slice(0, 4)}-${column.slice(4)}`);
          if (!recordedKeys.has(k)) recordedKeys.set(k, 0);
        }
      }
      if (kept) report.imported++;
    }
  } finally {
    stream.destroy();
  }
  const rows = [...counts].map(([k, count]) => {
    const [force_id, neighbourhood_id, month, category] = k.split("|");
    return { force_id, neighbourhood_id, month, category, count, import_id: importId };
  });
  // Six columns a row: 4,000 rows is 24,000 parameters, under both databases' limits, and
  // one statement (and one commit) each: a short hold on a connection pages share.
  const perStatement = 4000;
  for (let i = 0; i < rows.length; i += perStatement) {
    options.signal?.throwIfAborted();
    await db
      .insertInto("recorded_crime_counts")
      .values(rows.slice(i, i + perStatement))
      .execute();
  }
}

/** Replaces each force-month the run brought, in one transaction, and rebuilds the counts. */
async function putInPlace(
  db: Kysely<Database>,
  importId: string,
  streetKeys: Map<string, number>,
  recordedKeys: Map<string, number>,
  now: () => Date,
): Promise<ImportReport["months"]> {
  const importedAt = now().toISOString();
  const months: ImportReport["months"] = [];
  for (const [source, keys] of [
    ["street", streetKeys],
    ["recorded", recordedKeys],
  ] as const) {
    for (const [k, records] of keys) {
      const [forceId, month] = k.split("|");
      months.push({ forceId, month, source, records });
    }
  }
  months.sort((a, b) =>
    a.month === b.month ? a.forceId.localeCompare(b.forceId) : a.month.localeCompare(b.month),
  );
  await db.transaction().execute(async (trx) => {
    for (const { forceId, month, source, records } of months) {
      const table = source === "street" ? "street_crimes" : "recorded_crime_counts";
      await trx
        .deleteFrom(table)
        .where("force_id", "=", forceId)
        .where("month", "=", month)
        .where("import_id", "!=", importId)
        .execute();
      await trx
        .deleteFrom("crime_months")
        .where("force_id", "=", forceId)
        .where("month", "=", month)
        .where("source", "=", source)
        .execute();
      await trx
        .insertInto("crime_months")
        .values({
          force_id: forceId,
          month,
          source,
          records,
          import_id: importId,
          imported_at: importedAt,
        })
        .execute();
    }
    await rebuildCounts(trx, [...new Set(months.map((m) => m.month))].sort());
  });
  return months;
}
