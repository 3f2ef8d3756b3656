// Turning counts into what a page says: the last 12 months against the 12 before, the most
// common crimes, and a sentence in plain English that does not read more into small numbers
// than they hold. Pure functions over plain data, so every wording rule is unit-tested.

import { formatNumber } from "../platform/numbers.ts";
import { MONTH_NAMES } from "../platform/uk-time.ts";
import { ALL_CRIME, type CrimeCategory, categoryBySlug, crimeCategories } from "./categories.ts";

/** "2026-03" → "2025-04" for offset -11. */
export function addMonths(month: string, offset: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + offset;
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The months from `from` to `to`, both included, oldest first. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** "2026-03" → "March 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** "2026-03" → "Mar 2026", for chart axes. */
export function shortMonthName(month: string): string {
  return monthName(month).replace(/^(\w{3})\w*/, "$1");
}

/** The two 12-month periods that end with the latest month we have. */
export type Periods = { latest: string; last: string[]; previous: string[] };

export function periodsEnding(latest: string): Periods {
  return {
    latest,
    last: monthRange(addMonths(latest, -11), latest),
    previous: monthRange(addMonths(latest, -23), addMonths(latest, -12)),
  };
}

export type CountRow = { month: string; category: string; count: number };

/** Counts by category and month, with zero for anything not there; all-crime is their sum. */
export class CountTable {
  readonly #counts = new Map<string, number>();
  constructor(rows: CountRow[]) {
    const add = (key: string, n: number) => this.#counts.set(key, (this.#counts.get(key) ?? 0) + n);
    for (const r of rows) {
      if (r.category === ALL_CRIME) continue;
      add(`${r.category}|${r.month}`, Number(r.count));
      add(`${ALL_CRIME}|${r.month}`, Number(r.count));
    }
  }
  get(category: string, month: string): number {
    return this.#counts.get(`${category}|${month}`) ?? 0;
  }
  sum(category: string, months: string[]): number {
    let total = 0;
    for (const m of months) total += this.get(category, m);
    return total;
  }
  series(category: string, months: string[]): number[] {
    return months.map((m) => this.get(category, m));
  }
}

export type Change =
  | { kind: "too-few" }
  | { kind: "no-earlier-data" }
  | { kind: "same" }
  | { kind: "higher" | "lower"; percent: number };

/**
 * Whether a count has really changed. Crime counts vary by chance: for counts like these
 * (Poisson), a difference smaller than about twice the square root of the total is what
 * chance alone often gives, so it is called "about the same". Below 10 a year in both
 * periods, there is too little to say anything.
 */
export function compare(last: number, previous: number, hasPrevious = true): Change {
  if (!hasPrevious) return { kind: "no-earlier-data" };
  if (last < 10 && previous < 10) return { kind: "too-few" };
  const difference = last - previous;
  const noise = 2 * Math.sqrt(last + previous);
  const percent = previous === 0 ? 100 : Math.round((Math.abs(difference) / previous) * 100);
  if (Math.abs(difference) <= noise || percent < 10) return { kind: "same" };
  return { kind: difference > 0 ? "higher" : "lower", percent };
}

/** "Burglary here is about the same as the 12 months before (41, against 38)." */
export function describeChange(
  subject: string,
  last: number,
  previous: number,
  change: Change,
): string {
  const Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
  const counts = `${formatNumber(last)} in the last 12 months, against ${formatNumber(previous)} in the 12 months before`;
  switch (change.kind) {
    case "no-earlier-data":
      return `${Subject}: ${formatNumber(last)} in the last 12 months. We do not have figures for the 12 months before, so we cannot say whether it is going up or down.`;
    case "too-few":
      return `${Subject}: ${counts}. These numbers are too small to say whether it is going up or down.`;
    case "same":
      return `${Subject} is about the same as the year before: ${counts}.`;
    case "higher":
      return `${Subject} is ${change.percent >= 50 ? "much " : ""}higher than the year before, up ${change.percent}%: ${counts}.`;
    case "lower":
      return `${Subject} is ${change.percent >= 50 ? "much " : ""}lower than the year before, down ${change.percent}%: ${counts}.`;
  }
}

export type CategorySummary = {
  category: CrimeCategory;
  last: number;
  previous: number;
  change: Change;
  /** The plain-English sentence about it. */
  sentence: string;
  /** Share of all crime in the last 12 months, as a whole percentage. */
  share: number;
};

/** Every category with crimes in the last 12 months, most common first. */
export function summarise(table: CountTable, periods: Periods, hasPrevious: boolean) {
  const total = table.sum(ALL_CRIME, periods.last);
  const totalPrevious = table.sum(ALL_CRIME, periods.previous);
  const allChange = compare(total, totalPrevious, hasPrevious);
  const categories: CategorySummary[] = crimeCategories
    .map((category) => {
      const last = table.sum(category.slug, periods.last);
      const previous = table.sum(category.slug, periods.previous);
      const change = compare(last, previous, hasPrevious);
      return {
        category,
        last,
        previous,
        change,
        sentence: describeChange(category.phrase, last, previous, change),
        share: total === 0 ? 0 : Math.round((last / total) * 100),
      };
    })
    .filter((c) => c.last > 0 || c.previous > 0)
    .sort((a, b) => b.last - a.last || b.previous - a.previous);
  return {
    total,
    totalPrevious,
    allChange,
    allSentence: describeChange("crime overall", total, totalPrevious, allChange),
    categories,
  };
}

/** A count shared over the neighbourhoods it covers: the average neighbourhood's. */
export function perNeighbourhood(count: number, areas: number): number {
  return areas > 0 ? count / areas : 0;
}

export function categoryName(slug: string): string {
  return slug === ALL_CRIME ? "All crime" : (categoryBySlug(slug)?.name ?? slug);
}

/** Rounds for display: whole numbers from 10 up, one decimal place below. */
export function displayNumber(n: number): string {
  if (n >= 10 || Number.isInteger(n)) return formatNumber(Math.round(n));
  return n.toFixed(1);
}

/** Crimes per 1,000 residents. */
export function per1000(count: number, population: number): number {
  return population > 0 ? (count / population) * 1000 : 0;
}

export type RateComparison =
  | { kind: "too-few" }
  | { kind: "same" }
  | { kind: "higher" | "lower"; percent: number };

/**
 * Whether an area's rate per resident really differs from a larger area's. The larger
 * area's rate says how many crimes the area would have at that rate (expected); by chance
 * alone a count varies by about the square root of what is expected, so a difference within
 * twice that (or under 10 %) is "about the same". Under 10 crimes (or 10 expected), too few.
 */
export function comparePerResident(
  count: number,
  population: number,
  otherCount: number,
  otherPopulation: number,
): RateComparison {
  const expected = otherPopulation > 0 ? (otherCount * population) / otherPopulation : 0;
  if (count < 10 && expected < 10) return { kind: "too-few" };
  const difference = count - expected;
  const percent = expected === 0 ? 100 : Math.round((Math.abs(difference) / expected) * 100);
  if (Math.abs(difference) <= 2 * Math.sqrt(Math.max(count, expected)) || percent < 10) {
    return { kind: "same" };
  }
  return { kind: difference > 0 ? "higher" : "lower", percent };
}

/** "Crime in Belsize was lower per resident than in Camden as a whole: 61 … against 84." */
export function describePerResident(
  area: string,
  other: string,
  count: number,
  population: number,
  otherCount: number,
  otherPopulation: number,
): string {
  const change = comparePerResident(count, population, otherCount, otherPopulation);
  const rates = `${displayNumber(per1000(count, population))} crimes per 1,000 residents in the last 12 months, against ${displayNumber(per1000(otherCount, otherPopulation))}`;
  switch (change.kind) {
    case "too-few":
      return `There were too few crimes in ${area} to compare its rate per resident with ${other} as a whole.`;
    case "same":
      return `Crime in ${area} was about the same per resident as in ${other} as a whole: ${rates}.`;
    case "higher":
    case "lower":
      return `Crime in ${area} was ${change.percent >= 50 ? "much " : ""}${change.kind} per resident than in ${other} as a whole: ${rates}.`;
  }
}
