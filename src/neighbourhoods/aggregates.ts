// Crime counts by area, month and category, so that a page reads a few hundred small rows
// instead of counting crimes. Rebuilt for the months an import touched.
//
// A neighbourhood's count for a month is its street-level crimes (placed by point in
// polygon), kept here, plus the ward-level recorded counts of any force that has no
// street-level data for that month. Those stay in recorded_crime_series, one row per ward,
// category and import with its months as one value (docs/adr/0015), and are added when
// read: copying them here would make this the biggest table for nothing. A month of a
// series counts only while crime_months names the series' import for its force and month,
// and no street-level data is held for them, so a force's month is never counted twice.
// Boroughs and forces are sums of their neighbourhoods from both sources, kept here; the
// region (e.g. London) is the sum of its forces, added up when a page asks, so only forces
// with figures for the whole period count. "All crime" is the sum of the categories, added
// up when read.
import { sql } from "kysely";
import { insertRows } from "./bulk-insert.ts";
import type { Db } from "./db.ts";
import { addMonths } from "./statistics.ts";
import type { RecordedCrimeSeriesTable } from "./tables.ts";

/** A row of recorded_crime_series, as the import holds it in memory. */
export type SeriesRow = RecordedCrimeSeriesTable;

/** Which import's recorded counts count for each force-month: "force|month" → import id. */
type Owners = Map<string, string>;

/**
 * For a series' shape (its force, import, first month and length): the month at each place,
 * or undefined where that month does not count. Worked out once per shape, not per row:
 * an import's few thousand series share one or two shapes.
 */
function countedMonths(owners: Owners) {
  const shapes = new Map<string, Array<string | undefined>>();
  return (row: SeriesRow, length: number) => {
    const k = `${row.force_id}|${row.import_id}|${row.first_month}|${length}`;
    let months = shapes.get(k);
    if (!months) {
      months = [];
      for (let i = 0; i < length; i++) {
        const month = addMonths(row.first_month, i);
        months.push(owners.get(`${row.force_id}|${month}`) === row.import_id ? month : undefined);
      }
      shapes.set(k, months);
    }
    return months;
  };
}

/** How many months a series' "4,0,7" holds. */
function seriesLength(text: string): number {
  let n = 1;
  for (let c = text.indexOf(","); c !== -1; c = text.indexOf(",", c + 1)) n++;
  return n;
}

/** The force-months whose recorded counts are shown: a recorded import and no street data. */
async function recordedOwners(db: Db, months: string[] | { from: string; to: string }) {
  let query = db
    .selectFrom("crime_months as m")
    .select(["m.force_id", "m.month", "m.import_id"])
    .where("m.source", "=", "recorded")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("crime_months as s")
            .select("s.month")
            .whereRef("s.force_id", "=", "m.force_id")
            .whereRef("s.month", "=", "m.month")
            .where("s.source", "=", "street"),
        ),
      ),
    );
  query = Array.isArray(months)
    ? query.where("m.month", "in", months)
    : query.where("m.month", ">=", months.from).where("m.month", "<=", months.to);
  const owners: Owners = new Map();
  for (const r of await query.execute()) owners.set(`${r.force_id}|${r.month}`, r.import_id);
  return owners;
}

/**
 * Rebuilds the counts of these months. `fresh` is the series an import has just written,
 * still in memory: summed from there rather than read back (12,000 rows for the Met's file).
 * Street rows count only under the import crime_months names for their force-month: another
 * run still under way has rows of the same month already committed, and must not be counted
 * (or, should it fail, stay counted) before it finishes.
 */
export async function rebuildCounts(
  db: Db,
  months: string[],
  fresh?: { importId: string; series: SeriesRow[] },
): Promise<void> {
  for (let i = 0; i < months.length; i += 50) {
    const list = sql.join(months.slice(i, i + 50));
    await sql`delete from crime_counts where month in (${list})`.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'neighbourhood', s.neighbourhood_id, s.month, s.category, count(*)
      from street_crimes s
      join crime_months m
        on m.force_id = s.force_id and m.month = s.month and m.source = 'street'
        and m.import_id = s.import_id
      where s.month in (${list}) and s.neighbourhood_id is not null
      group by s.neighbourhood_id, s.month, s.category
    `.execute(db);
    for (const [kind, column] of [
      ["borough", sql.ref("n.borough_id")],
      ["force", sql.ref("n.force_id")],
    ] as const) {
      await sql`
        insert into crime_counts (area_kind, area_id, month, category, count)
        select ${kind}, ${column}, c.month, c.category, sum(c.count)
        from crime_counts c
        join neighbourhoods n on n.id = c.area_id
        where c.area_kind = 'neighbourhood' and c.month in (${list})
        group by ${column}, c.month, c.category
      `.execute(db);
    }
  }
  await addRecordedCounts(db, months, fresh);
}

/**
 * Adds the recorded counts that count for these months to their boroughs and forces, summed
 * here from the series (a few thousand rows) rather than by SQL, which cannot unpack them.
 * Added to what street-level crimes gave: a City of London crime can fall in a Met ward.
 */
async function addRecordedCounts(
  db: Db,
  months: string[],
  fresh: { importId: string; series: SeriesRow[] } | undefined,
): Promise<void> {
  if (months.length === 0) return;
  const owners = await recordedOwners(db, months);
  if (owners.size === 0) return;
  const imports = new Set(owners.values());
  const stored = [...imports].filter((id) => id !== fresh?.importId);
  const [areas, older] = await Promise.all([
    db.selectFrom("neighbourhoods").select(["id", "borough_id", "force_id"]).execute(),
    stored.length === 0
      ? []
      : db
          .selectFrom("recorded_crime_series")
          .select([
            "force_id",
            "neighbourhood_id",
            "category",
            "import_id",
            "first_month",
            "counts",
          ])
          .where("import_id", "in", stored)
          .execute(),
  ]);
  const areaOf = new Map(areas.map((a) => [a.id, a]));
  const series = fresh && imports.has(fresh.importId) ? [...fresh.series, ...older] : older;
  // "kind|id|category" → its count for each month asked for, in the order of `months`.
  // The loop runs over every month of every series (300,000 for the Met's file), so it
  // does no string work: each series' place in `months`, month by month, is worked out
  // once per shape, and each row finds its two totals once.
  const place = new Map(months.map((m, i) => [m, i]));
  const monthsOf = countedMonths(owners);
  const placesByShape = new Map<Array<string | undefined>, Int32Array>();
  const sums = new Map<string, number[]>();
  const totalFor = (k: string) => {
    let counts = sums.get(k);
    if (!counts) {
      counts = new Array<number>(months.length).fill(0);
      sums.set(k, counts);
    }
    return counts;
  };
  for (const row of series) {
    const area = areaOf.get(row.neighbourhood_id);
    if (!area) continue;
    const text = row.counts;
    const shape = monthsOf(row, seriesLength(text));
    let places = placesByShape.get(shape);
    if (!places) {
      places = Int32Array.from(shape, (m) => (m === undefined ? -1 : (place.get(m) ?? -1)));
      placesByShape.set(shape, places);
    }
    let borough: number[] | undefined;
    let force: number[] | undefined;
    // Reads "4,0,7" digit by digit: no array of strings per row.
    let i = 0;
    let n = 0;
    for (let c = 0; c <= text.length; c++) {
      const code = c < text.length ? text.charCodeAt(c) : 44;
      if (code !== 44) {
        n = n * 10 + (code - 48);
        continue;
      }
      const p = places[i++];
      if (n > 0 && p >= 0) {
        borough ??= totalFor(`borough|${area.borough_id}|${row.category}`);
        force ??= totalFor(`force|${area.force_id}|${row.category}`);
        borough[p] += n;
        force[p] += n;
      }
      n = 0;
    }
  }
  const rows: Array<Array<string | number>> = [];
  for (const [k, counts] of sums) {
    const [kind, id, category] = k.split("|");
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] > 0) rows.push([kind, id, months[i], category, counts[i]]);
    }
  }
  await insertRows(
    db,
    "crime_counts",
    [
      ["area_kind", "text"],
      ["area_id", "text"],
      ["month", "text"],
      ["category", "text"],
      ["count", "integer"],
    ],
    rows,
    "on conflict (area_kind, area_id, month, category) do update set count = crime_counts.count + excluded.count",
  );
}

/**
 * A neighbourhood's counts as pages read them: its street-level counts and the recorded
 * counts of forces without street-level data for the month.
 */
export async function neighbourhoodCounts(db: Db, id: string, from: string, to: string) {
  const [street, series] = await Promise.all([
    db
      .selectFrom("crime_counts")
      .select(["month", "category", "count"])
      .where("area_kind", "=", "neighbourhood")
      .where("area_id", "=", id)
      .where("month", ">=", from)
      .where("month", "<=", to)
      .execute(),
    db
      .selectFrom("recorded_crime_series")
      .select(["force_id", "neighbourhood_id", "category", "import_id", "first_month", "counts"])
      .where("neighbourhood_id", "=", id)
      .where("first_month", "<=", to)
      .execute(),
  ]);
  const rows = street.map((r) => ({
    month: r.month,
    category: r.category,
    count: Number(r.count),
  }));
  if (series.length === 0) return rows;
  const owners = await recordedOwners(db, { from, to });
  const monthsOf = countedMonths(owners);
  for (const row of series) {
    const counts = row.counts.split(",");
    const at = monthsOf(row, counts.length);
    for (let i = 0; i < counts.length; i++) {
      const month = at[i];
      if (month === undefined || counts[i] === "0" || month < from || month > to) continue;
      rows.push({ month, category: row.category, count: Number(counts[i]) });
    }
  }
  return rows;
}
