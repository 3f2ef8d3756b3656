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
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { rebuildCounts, type SeriesRow } from "./aggregates.ts";
import { type AreaLookup, loadAreaLookup } from "./boundaries.ts";
import { type Column, insertRows, isPostgres, type Value } from "./bulk-insert.ts";
import { slugForRecordedOffence } from "./categories.ts";
import { jsonArrayElements } from "./json-records.ts";
import { importPopulations } from "./populations.ts";
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
  /**
   * For tests of runs that overlap: called once every file has been read and its street rows
   * written, just before the months are replaced (ward series may still be being written on
   * PostgreSQL).
   */
  beforeReplacing?: () => Promise<void>;
};

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
  // Street rows written at a time (see StreetWriter): small enough that the last batch, the
  // one no reading overlaps, is short; big enough that a batch is a few statements.
  const batchSize = options.batchSize ?? 2500;
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
  const freshSeries: SeriesRow[] = [];
  // Series writes still under way on PostgreSQL; awaited inside the replacing transaction.
  const seriesWrites: Array<Promise<void>> = [];
  const seenPoliceIds = new Set<number>();
  const reports: FileReport[] = [];
  const referenceFiles: Array<{ file: string; format: "postcodes-csv" | "populations-csv" }> = [];
  // Once the crime is in place, a failure with the postcodes must not take it away.
  let placed = false;
  const writer = new StreetWriter(db, batchSize, options.signal);

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
      if (format === "postcodes-csv" || format === "populations-csv") {
        // Postcodes and populations are reference data, not crime: loaded after the crime
        // is in place, each file on its own.
        referenceFiles.push({ file, format });
        continue;
      }
      log(`Reading ${report.file} (${format})`);
      if (format === "recorded-csv") {
        await readRecordedCounts(db, file, importId, areas, options, report, {
          recordedKeys,
          freshSeries,
          seriesWrites,
        });
      } else {
        await readStreetRecords(file, format, importId, areas, options, report, {
          streetKeys,
          seenPoliceIds,
          writer,
        });
      }
      reports.push(report);
    }

    if (streetKeys.size + recordedKeys.size > 0) {
      log(`Replacing the months this run brought and counting them by area`);
    }
    await writer.finish();
    await options.beforeReplacing?.();
    const months = await putInPlace(db, importId, streetKeys, recordedKeys, now, {
      series: freshSeries,
      writes: seriesWrites,
    });
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

    for (const { file, format } of referenceFiles) {
      options.signal?.throwIfAborted();
      log(`Reading ${path.basename(file)} (${format})`);
      const result =
        format === "postcodes-csv"
          ? await importPostcodes(db, file, areas, options.signal)
          : { outsideAreas: 0, ...(await importPopulations(db, file, now, options.signal)) };
      reports.push({
        file: path.basename(file),
        format,
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
    // No write of this run's may still be under way when its rows are taken away (on
    // PostgreSQL it runs on another connection and could land after the delete).
    await writer.settled();
    await Promise.allSettled(seriesWrites);
    await db.deleteFrom("street_crimes").where("import_id", "=", importId).execute();
    await db.deleteFrom("recorded_crime_series").where("import_id", "=", importId).execute();
    await db
      .updateTable("crime_imports")
      .set({ status: "failed", finished_at: now().toISOString() })
      .where("id", "=", importId)
      .execute();
    throw error;
  }
}

const streetColumns = [
  ["police_id", "integer"],
  ["persistent_id", "text"],
  ["force_id", "text"],
  ["month", "text"],
  ["category", "text"],
  ["latitude", "float8"],
  ["longitude", "float8"],
  ["street_id", "integer"],
  ["street_name", "text"],
  ["location_type", "text"],
  ["location_subtype", "text"],
  ["context", "text"],
  ["outcome_category", "text"],
  ["outcome_date", "text"],
  ["lsoa_code", "text"],
  ["lsoa_name", "text"],
  ["neighbourhood_id", "text"],
  ["import_id", "text"],
] as const satisfies readonly Column[];

/**
 * Writes street rows a batch at a time while the importer reads on: on PostgreSQL a batch is
 * stored by the server's own process while this one parses the next (and the next file: the
 * batch runs across files, so a month's small file does not wait for its own write). One
 * batch in flight at most, so memory stays flat. SQLite writes in this thread, so there it
 * is simply in turn; each batch is one transaction (one commit), short enough not to hold up
 * pages for long.
 */
class StreetWriter {
  readonly #db: Kysely<Database>;
  readonly #size: number;
  readonly #signal: AbortSignal | undefined;
  readonly #postgres: boolean;
  #batch: Value[][] = [];
  #writing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, size: number, signal: AbortSignal | undefined) {
    this.#db = db;
    this.#size = size;
    this.#signal = signal;
    this.#postgres = isPostgres(db);
  }

  /**
   * Adds a row; a promise to await only when the batch is full and goes to be written, so
   * the other 2,499 rows in 2,500 cost no promise and no trip through the event loop.
   */
  push(row: Value[]): Promise<void> | undefined {
    this.#batch.push(row);
    return this.#batch.length >= this.#size ? this.#flush() : undefined;
  }

  /** Writes what is left and waits for every write. */
  async finish(): Promise<void> {
    await this.#flush();
    await this.#writing;
  }

  /** Resolves when no write is under way, whether the last one worked or not. */
  async settled(): Promise<void> {
    await this.#writing.catch(() => {});
  }

  async #flush(): Promise<void> {
    await this.#writing;
    if (this.#batch.length === 0) return;
    this.#signal?.throwIfAborted();
    const rows = this.#batch;
    this.#batch = [];
    const db = this.#db;
    this.#writing = db.transaction().execute(async (trx) => {
      // A batch's commit need not wait for the disk: until the run's last transaction (which
      // does) names its import in crime_months, nothing reads these rows, and a crash before
      // then leaves a run that never finished either way.
      if (this.#postgres) await sql`set local synchronous_commit = off`.execute(trx);
      await insertRows(trx, "street_crimes", streetColumns, rows);
    });
    // Awaited at the next flush or at the end; this keeps a failure from being reported as
    // unhandled while the files are still being read.
    this.#writing.catch(() => {});
  }
}

async function readStreetRecords(
  file: string,
  format: SourceFormat,
  importId: string,
  areas: AreaLookup,
  options: ImportOptions,
  report: FileReport,
  run: { streetKeys: Map<string, number>; seenPoliceIds: Set<number>; writer: StreetWriter },
): Promise<void> {
  const reject = (reason: string) => {
    report.rejected[reason] = (report.rejected[reason] ?? 0) + 1;
  };

  const take = (parsed: Parsed): Promise<void> | undefined => {
    report.read++;
    if ("rejected" in parsed) {
      reject(parsed.rejected);
      return;
    }
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
    if (!forceId) {
      reject("force not known (outside every area)");
      return;
    }
    if (record.latitude === null) report.noLocation++;
    else if (!neighbourhoodId) report.outsideAreas++;
    report.imported++;
    const k = key(forceId, record.month);
    run.streetKeys.set(k, (run.streetKeys.get(k) ?? 0) + 1);
    return run.writer.push(toRow(record, forceId, neighbourhoodId ?? null, importId));
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
        const writing = take(fromCsvRow(row));
        if (writing) await writing;
      }
    } else {
      for await (const value of jsonArrayElements(stream as AsyncIterable<string>)) {
        const writing = take(fromApiObject(value));
        if (writing) await writing;
      }
    }
  } finally {
    stream.destroy();
  }
}

/** A row for street_crimes, in streetColumns' order. */
function toRow(
  record: StreetRecord,
  forceId: string,
  neighbourhoodId: string | null,
  importId: string,
): Value[] {
  return [
    record.policeId,
    record.persistentId,
    forceId,
    record.month,
    record.category,
    record.latitude,
    record.longitude,
    record.streetId,
    record.streetName,
    record.locationType,
    record.locationSubtype,
    record.context,
    record.outcomeCategory,
    record.outcomeDate,
    record.lsoaCode,
    record.lsoaName,
    neighbourhoodId,
    importId,
  ];
}

const seriesColumns = [
  ["force_id", "text"],
  ["neighbourhood_id", "text"],
  ["category", "text"],
  ["import_id", "text"],
  ["first_month", "text"],
  ["counts", "text"],
] as const satisfies readonly Column[];

/** "202403" → months since year 0, so a column's place in the series is a subtraction. */
const monthIndex = (column: string) =>
  Number(column.slice(0, 4)) * 12 + Number(column.slice(4)) - 1;

/**
 * The Met's ward-level recorded crime: one row per ward and offence group, one column per
 * month (YYYYMM). Counted into police.uk categories per ward, then stored as one series per
 * ward and category: its months, first to last, as one value (docs/adr/0015).
 */
async function readRecordedCounts(
  db: Kysely<Database>,
  file: string,
  importId: string,
  areas: AreaLookup,
  options: ImportOptions,
  report: FileReport,
  run: {
    recordedKeys: Map<string, number>;
    freshSeries: SeriesRow[];
    seriesWrites: Array<Promise<void>>;
  },
): Promise<void> {
  const { recordedKeys } = run;
  const reject = (reason: string, n = 1) => {
    report.rejected[reason] = (report.rejected[reason] ?? 0) + n;
  };
  // "ward|category" → its force and the counts of each month from the file's first month.
  const series = new Map<string, { forceId: string; counts: number[] }>();
  // Each force's total a month, by the same place in the series, for crime_months.
  const totals = new Map<string, number[]>();
  let columns: Array<{ column: string; at: number; month: string }> | undefined;
  let first = 0;
  let span = 0;
  const stream = await openText(file);
  try {
    const parser = stream.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
    );
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      report.read++;
      if (!columns) {
        const names = Object.keys(row).filter((column) => /^\d{6}$/.test(column));
        first = Math.min(...names.map(monthIndex));
        span = Math.max(...names.map(monthIndex)) - first + 1;
        columns = names.map((column) => ({
          column,
          at: monthIndex(column) - first,
          month: `${column.slice(0, 4)}-${column.slice(4)}`,
        }));
      }
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
      // Months with no crimes are still months we hold data for: a total of 0 is a total.
      let total = totals.get(forceId);
      if (!total) {
        total = new Array<number>(span).fill(0);
        totals.set(forceId, total);
      }
      let counts: number[] | undefined;
      for (const { column, at } of columns) {
        const value = row[column] ?? "";
        const n = Number(value);
        if (value.trim() === "" || !Number.isInteger(n) || n < 0) {
          reject("bad count");
          continue;
        }
        if (n === 0) continue;
        if (!counts) {
          const k = `${ward}|${category}`;
          let s = series.get(k);
          if (!s) {
            s = { forceId, counts: new Array<number>(span).fill(0) };
            series.set(k, s);
          }
          counts = s.counts;
        }
        counts[at] += n;
        total[at] += n;
      }
      if (counts) report.imported++;
    }
  } finally {
    stream.destroy();
  }
  // A run stores every ward-level series under one import, and a month counts the series
  // of the import crime_months names for it: two files of one run with the same force-month
  // would both count. Refuse before anything of this file is written (the run is undone).
  const repeated = [...totals.keys()].flatMap((forceId) =>
    (columns ?? []).map(({ month }) => key(forceId, month)).filter((k) => recordedKeys.has(k)),
  );
  if (repeated.length > 0) {
    const months = repeated.map((k) => k.split("|")[1]).sort();
    throw new Error(
      `${report.file} has ward-level counts for ${months[0]} to ${months.at(-1)}, which another ` +
        "file in this import also has. Import them one at a time: a later import replaces " +
        "the months it brings.",
    );
  }
  for (const [forceId, total] of totals) {
    for (const { at, month } of columns ?? []) {
      const k = key(forceId, month);
      recordedKeys.set(k, total[at]);
    }
  }
  if (series.size === 0) return;
  const firstMonth = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, "0")}`;
  const rows = [...series].map(([k, s]) => {
    const [ward, category] = k.split("|");
    const counts = s.counts.join(",");
    run.freshSeries.push({
      force_id: s.forceId,
      neighbourhood_id: ward,
      category,
      import_id: importId,
      first_month: firstMonth,
      counts,
    });
    return [s.forceId, ward, category, importId, firstMonth, counts];
  });
  options.signal?.throwIfAborted();
  const postgres = isPostgres(db);
  const write = db.transaction().execute(async (trx) => {
    // Nothing reads these rows until the replacing transaction names this import in
    // crime_months, so their commit need not wait for the disk (see StreetWriter).
    if (postgres) await sql`set local synchronous_commit = off`.execute(trx);
    await insertRows(trx, "recorded_crime_series", seriesColumns, rows);
  });
  if (!postgres) return write;
  // PostgreSQL stores them on another connection while this one replaces the months and
  // rebuilds the counts (from the series in memory); the replacing transaction waits for
  // this write before it commits, so a failed write undoes the run.
  write.catch(() => {});
  run.seriesWrites.push(write);
}

/** Replaces each force-month the run brought, in one transaction, and rebuilds the counts. */
async function putInPlace(
  db: Kysely<Database>,
  importId: string,
  streetKeys: Map<string, number>,
  recordedKeys: Map<string, number>,
  now: () => Date,
  fresh: { series: SeriesRow[]; writes: Array<Promise<void>> },
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
    // Only the rows of the imports these force-months are taken from go: never those of
    // another run still under way, whose rows are already committed (street batches, and
    // ward series on SQLite or on PostgreSQL's other connection) but which names its months
    // in crime_months only when it finishes. Rows no crime_months row names are never read
    // or counted, so one left behind (a run killed mid-way) costs only disk.
    const replaced = { street: new Set<string>(), recorded: new Set<string>() };
    // One statement per force and kind of source rather than per month: a run often brings
    // two years of a force, and each statement is a round trip on PostgreSQL.
    const groups = new Map<string, string[]>();
    for (const { forceId, month, source } of months) {
      const k = `${forceId}|${source}`;
      groups.set(k, [...(groups.get(k) ?? []), month]);
    }
    for (const [k, list] of groups) {
      const [forceId, source] = k.split("|") as [string, "street" | "recorded"];
      for (let i = 0; i < list.length; i += 500) {
        const some = list.slice(i, i + 500);
        const owners = await trx
          .selectFrom("crime_months")
          .select("import_id")
          .distinct()
          .where("force_id", "=", forceId)
          .where("source", "=", source)
          .where("month", "in", some)
          .execute();
        if (owners.length === 0) continue;
        for (const { import_id } of owners) replaced[source].add(import_id);
        // Their street rows for these months go; their recorded series stay (they may hold
        // other months) and stop counting for these once crime_months names this import.
        if (source === "street") {
          await trx
            .deleteFrom("street_crimes")
            .where("force_id", "=", forceId)
            .where("month", "in", some)
            .where(
              "import_id",
              "in",
              owners.map((o) => o.import_id),
            )
            .execute();
        }
        await trx
          .deleteFrom("crime_months")
          .where("force_id", "=", forceId)
          .where("source", "=", source)
          .where("month", "in", some)
          .execute();
      }
    }
    for (let i = 0; i < months.length; i += 500) {
      await trx
        .insertInto("crime_months")
        .values(
          months.slice(i, i + 500).map(({ forceId, month, source, records }) => ({
            force_id: forceId,
            month,
            source,
            records,
            import_id: importId,
            imported_at: importedAt,
          })),
        )
        .execute();
    }
    // Series of the imports replaced here that no longer own any month are of no use.
    if (replaced.recorded.size > 0) {
      await trx
        .deleteFrom("recorded_crime_series")
        .where("import_id", "in", [...replaced.recorded])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("crime_months as m")
                .select("m.month")
                .whereRef("m.import_id", "=", "recorded_crime_series.import_id")
                .where("m.source", "=", "recorded"),
            ),
          ),
        )
        .execute();
    }
    await rebuildCounts(trx, [...new Set(months.map((m) => m.month))].sort(), {
      importId,
      series: fresh.series,
    });
    await Promise.all(fresh.writes);
  });
  return months;
}
