// What the area and borough pages say about crime: the period, the most common crimes and
// how they changed, a monthly trend per category, and a comparison with the borough and the
// region (London), each chart with its table. Built from crime_counts, a few hundred rows.
import { ALL_CRIME, type CrimeCategory } from "./categories.ts";
import { barChartSvg, lineChartSvg } from "./charts.ts";
import type { Db } from "./db.ts";
import { type CrimeMonth, countsFor } from "./repository.ts";
import {
  type CategorySummary,
  CountTable,
  categoryName,
  displayNumber,
  monthName,
  periodsEnding,
  rate,
  shortMonthName,
  summarise,
} from "./statistics.ts";

export type ProfileArea = {
  kind: "neighbourhood" | "borough";
  id: string;
  name: string;
  forceId: string;
  population: number | null;
  /** For a neighbourhood: its borough, the first comparison. */
  borough?: { id: string; name: string; population: number | null };
};

export type ProfileContext = {
  regionName: string;
  months: CrimeMonth[];
  neighbourhoodsByForce: Map<string, number>;
  neighbourhoodsByBorough: Map<string, number>;
};

export type Trend = {
  category: string;
  name: string;
  svg: string;
  /** Oldest first: month name and count. */
  rows: Array<{ month: string; count: number }>;
  summary: string;
};

export type Comparison = {
  /** Whether the numbers are per 1,000 residents (true) or per neighbourhood (false). */
  perResident: boolean;
  measure: string;
  columns: string[];
  rows: Array<{ category: string; values: string[] }>;
  svg: string;
};

export type CrimeProfile =
  | { hasData: false }
  | {
      hasData: true;
      latest: string;
      latestName: string;
      periodName: string;
      previousName: string;
      hasPrevious: boolean;
      missingMonths: string[];
      total: number;
      totalPrevious: number;
      allSentence: string;
      categories: CategorySummary[];
      top: CategorySummary[];
      trends: Trend[];
      comparison: Comparison | undefined;
      recordedOnly: boolean;
      streetLevel: boolean;
    };

const TOP = 5;

export async function crimeProfile(
  db: Db,
  area: ProfileArea,
  context: ProfileContext,
): Promise<CrimeProfile> {
  const forceMonths = context.months.filter((m) => m.forceId === area.forceId);
  if (forceMonths.length === 0) return { hasData: false };
  const latest = forceMonths.map((m) => m.month).sort()[forceMonths.length - 1];
  const periods = periodsEnding(latest);
  const held = new Set(forceMonths.map((m) => m.month));
  const missingMonths = periods.last.filter((m) => !held.has(m));
  const hasPrevious = periods.previous.every((m) => held.has(m));
  const inWindow = forceMonths.filter((m) => m.month >= periods.previous[0]);
  const recordedOnly =
    periods.last.every((m) => forceMonths.some((f) => f.month === m && f.source === "recorded")) &&
    !forceMonths.some((f) => periods.last.includes(f.month) && f.source === "street");
  const streetLevel = inWindow.some((m) => m.source === "street");

  const own = new CountTable(
    await countsFor(db, area.kind, area.id, periods.previous[0], periods.latest),
  );
  const summary = summarise(own, periods, hasPrevious);
  const top = summary.categories.filter((c) => c.last > 0).slice(0, TOP);

  const trendCategories: Array<{ slug: string; name: string; category?: CrimeCategory }> = [
    { slug: ALL_CRIME, name: "All crime" },
    ...top.map((c) => ({ slug: c.category.slug, name: c.category.name, category: c.category })),
  ];
  const months24 = hasPrevious ? [...periods.previous, ...periods.last] : periods.last;
  const trends = trendCategories.map(({ slug, name }) => {
    const values = own.series(slug, months24);
    const max = Math.max(...values);
    const min = Math.min(...values);
    const maxAt = months24[values.indexOf(max)];
    const minAt = months24[values.indexOf(min)];
    const summaryText = `${name}, each month from ${monthName(months24[0])} to ${monthName(periods.latest)}: highest ${max} in ${monthName(maxAt)}, lowest ${min} in ${monthName(minAt)}.`;
    return {
      category: slug,
      name,
      svg: lineChartSvg({
        id: `trend-${area.id}-${slug}`,
        title: `${name} each month in ${area.name}`,
        description: summaryText,
        labels: months24.map(shortMonthName),
        values,
      }),
      rows: months24.map((m, i) => ({ month: monthName(m), count: values[i] })),
      summary: summaryText,
    };
  });

  const comparison = await compareWithBoroughAndRegion(
    db,
    area,
    context,
    periods.last,
    [ALL_CRIME, ...top.slice(0, 3).map((c) => c.category.slug)],
    own,
  );

  return {
    hasData: true,
    latest,
    latestName: monthName(latest),
    periodName: `${monthName(periods.last[0])} to ${monthName(periods.latest)}`,
    previousName: `${monthName(periods.previous[0])} to ${monthName(periods.previous[11])}`,
    hasPrevious,
    missingMonths: missingMonths.map(monthName),
    total: summary.total,
    totalPrevious: summary.totalPrevious,
    allSentence: summary.allSentence,
    categories: summary.categories,
    top,
    trends,
    comparison,
    recordedOnly,
    streetLevel,
  };
}

/**
 * The area against its borough and the region over the same 12 months. Per 1,000 residents
 * where every population is known; otherwise against the average neighbourhood, because a
 * borough or a city is many neighbourhoods added up. Only forces with figures for all 12
 * months count towards the region, so a force whose data stops early does not pull it down.
 */
async function compareWithBoroughAndRegion(
  db: Db,
  area: ProfileArea,
  context: ProfileContext,
  months: string[],
  categories: string[],
  own: CountTable,
): Promise<Comparison | undefined> {
  const from = months[0];
  const to = months[months.length - 1];
  const complete = [...new Set(context.months.map((m) => m.forceId))].filter((force) =>
    months.every((month) => context.months.some((m) => m.forceId === force && m.month === month)),
  );
  if (!complete.includes(area.forceId)) return undefined;
  const regionRows = (
    await Promise.all(complete.map((force) => countsFor(db, "force", force, from, to)))
  ).flat();
  const region = new CountTable(regionRows);
  const regionAreas = complete.reduce((n, f) => n + (context.neighbourhoodsByForce.get(f) ?? 0), 0);

  const columns: Array<{ label: string; value: (category: string) => number }> = [];
  // Populations are not in the demo data; when a force loads them, rates per 1,000 residents
  // replace the per-neighbourhood averages (see docs/adr/0005).
  const perResident = false;
  if (area.kind === "neighbourhood") {
    columns.push({
      label: area.name,
      value: (c) => rate(own.sum(c, months), 12, 1, null),
    });
    if (area.borough) {
      const borough = new CountTable(await countsFor(db, "borough", area.borough.id, from, to));
      const n = context.neighbourhoodsByBorough.get(area.borough.id) ?? 0;
      columns.push({
        label: `Average for ${area.borough.name}`,
        value: (c) => rate(borough.sum(c, months), 12, n, null),
      });
    }
  } else {
    const n = context.neighbourhoodsByBorough.get(area.id) ?? 0;
    columns.push({
      label: `Average for ${area.name}`,
      value: (c) => rate(own.sum(c, months), 12, n, null),
    });
  }
  columns.push({
    label: `Average for ${context.regionName}`,
    value: (c) => rate(region.sum(c, months), 12, regionAreas, null),
  });
  const names = new Map(categories.map((c) => [c, categoryName(c)]));
  const rows = categories.map((c) => ({
    category: names.get(c) ?? c,
    values: columns.map((col) => displayNumber(col.value(c))),
  }));
  const measure = "crimes in the last 12 months, per neighbourhood";
  return {
    perResident,
    measure,
    columns: columns.map((c) => c.label),
    rows,
    svg: barChartSvg({
      id: `compare-${area.id}`,
      title: `Crime in ${area.name} compared with the average neighbourhood`,
      description: rows
        .map(
          (r) => `${r.category}: ${columns.map((c, i) => `${c.label} ${r.values[i]}`).join(", ")}.`,
        )
        .join(" "),
      groups: categories.map((c) => ({
        label: names.get(c) ?? c,
        bars: columns.map((col) => {
          const v = col.value(c);
          return { label: col.label, value: v, text: displayNumber(v) };
        }),
      })),
    }),
  };
}
