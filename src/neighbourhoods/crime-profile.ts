// What the area and borough pages say about crime: the period, the most common crimes and
// how they changed, a monthly trend per category, and a comparison with the borough and the
// region (London), each chart with its table. Built from crime_counts, a few hundred rows.
import { ALL_CRIME, type CrimeCategory } from "./categories.ts";
import { barChartSvg, lineChartSvg } from "./charts.ts";
import type { Db } from "./db.ts";
import { populationsOf } from "./populations.ts";
import { boroughsOfForces, type CrimeMonth, countsFor } from "./repository.ts";
import {
  type CategorySummary,
  CountTable,
  categoryName,
  describePerResident,
  displayNumber,
  monthName,
  per1000,
  periodsEnding,
  perNeighbourhood,
  shortMonthName,
  summarise,
} from "./statistics.ts";

export type ProfileArea = {
  kind: "neighbourhood" | "borough";
  id: string;
  name: string;
  forceId: string;
  /** For a neighbourhood: its borough, the first comparison. */
  borough?: { id: string; name: string };
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
  /** What the numbers are, for the table's caption: "Crimes in the last 12 months, …". */
  measure: string;
  /** Per resident: all crime here against each larger area, in plain English. */
  sentences: string[];
  /** Per resident: where the population figures come from. */
  populationNote: string | undefined;
  /** Otherwise: the areas (of those compared) we have no population figures for… */
  missingPopulations: string[];
  /** …in words: "Belsize, Camden and London". */
  missingPopulationsText: string;
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

  // Populations, when a force has loaded them (none ship with the demo; docs/adr/0015): the
  // area, its borough, and every borough of the forces that make up the region.
  const regionBoroughs = await boroughsOfForces(db, complete);
  const populations = await populationsOf(db, [
    { kind: area.kind, id: area.id },
    ...(area.borough ? [{ kind: "borough" as const, id: area.borough.id }] : []),
    ...regionBoroughs.map((id) => ({ kind: "borough" as const, id })),
  ]);
  const ownPopulation = populations.get(`${area.kind}|${area.id}`);
  const boroughPopulation = area.borough
    ? populations.get(`borough|${area.borough.id}`)
    : undefined;
  const regionKnown = regionBoroughs.every((id) => populations.has(`borough|${id}`));
  const regionPopulation = regionKnown
    ? regionBoroughs.reduce((n, id) => n + (populations.get(`borough|${id}`)?.population ?? 0), 0)
    : 0;
  const missingPopulations = [
    ...(ownPopulation ? [] : [area.name]),
    ...(area.borough && !boroughPopulation ? [area.borough.name] : []),
    ...(regionKnown && regionPopulation > 0 ? [] : [context.regionName]),
  ];
  const perResident = missingPopulations.length === 0;

  const borough =
    area.kind === "neighbourhood" && area.borough
      ? new CountTable(await countsFor(db, "borough", area.borough.id, from, to))
      : undefined;
  const columns: Array<{ label: string; value: (category: string) => number }> = [];
  const sentences: string[] = [];
  let populationNote: string | undefined;
  if (perResident && ownPopulation) {
    const pop = ownPopulation.population;
    columns.push({ label: area.name, value: (c) => per1000(own.sum(c, months), pop) });
    const all = own.sum(ALL_CRIME, months);
    if (borough && area.borough && boroughPopulation) {
      const bPop = boroughPopulation.population;
      columns.push({
        label: area.borough.name,
        value: (c) => per1000(borough.sum(c, months), bPop),
      });
      sentences.push(
        describePerResident(
          area.name,
          area.borough.name,
          all,
          pop,
          borough.sum(ALL_CRIME, months),
          bPop,
        ),
      );
    }
    columns.push({
      label: context.regionName,
      value: (c) => per1000(region.sum(c, months), regionPopulation),
    });
    sentences.push(
      describePerResident(
        area.name,
        context.regionName,
        all,
        pop,
        region.sum(ALL_CRIME, months),
        regionPopulation,
      ),
    );
    const sources = new Set([...populations.values()].map((p) => `${p.source} (${p.year})`));
    populationNote = `Population figures: ${[...sources].sort().join("; ")}.`;
  } else if (area.kind === "neighbourhood") {
    columns.push({
      label: area.name,
      value: (c) => own.sum(c, months),
    });
    if (borough && area.borough) {
      const n = context.neighbourhoodsByBorough.get(area.borough.id) ?? 0;
      columns.push({
        label: `Average for ${area.borough.name}`,
        value: (c) => perNeighbourhood(borough.sum(c, months), n),
      });
    }
  } else {
    const n = context.neighbourhoodsByBorough.get(area.id) ?? 0;
    columns.push({
      label: `Average for ${area.name}`,
      value: (c) => perNeighbourhood(own.sum(c, months), n),
    });
  }
  if (!perResident) {
    columns.push({
      label: `Average for ${context.regionName}`,
      value: (c) => perNeighbourhood(region.sum(c, months), regionAreas),
    });
  }
  const names = new Map(categories.map((c) => [c, categoryName(c)]));
  const rows = categories.map((c) => ({
    category: names.get(c) ?? c,
    values: columns.map((col) => displayNumber(col.value(c))),
  }));
  const measure = perResident
    ? "Crimes in the last 12 months, per 1,000 residents"
    : "Crimes in the last 12 months, per neighbourhood";
  return {
    perResident,
    measure,
    sentences,
    populationNote,
    missingPopulations,
    missingPopulationsText:
      missingPopulations.length < 2
        ? (missingPopulations[0] ?? "")
        : `${missingPopulations.slice(0, -1).join(", ")} and ${missingPopulations[missingPopulations.length - 1]}`,
    columns: columns.map((c) => c.label),
    rows,
    svg: barChartSvg({
      id: `compare-${area.id}`,
      title: perResident
        ? `Crime in ${area.name} per 1,000 residents, compared with larger areas`
        : `Crime in ${area.name} compared with the average neighbourhood`,
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
