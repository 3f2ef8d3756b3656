// A month of street-level crime held in memory for /api/crimes-street: each crime already
// turned into its police.uk JSON, sorted by latitude, so a one-mile circle or a custom area
// is a binary search, a scan of a band of latitude, and a join of ready-made strings. A month
// is published once and replaced only by an import, which changes its key (the live import
// ids), so nothing here goes stale; the oldest months are dropped past a row limit.
export type MonthOfCrimes = {
  latitude: Float64Array;
  longitude: Float64Array;
  category: string[];
  json: string[];
};

/** About 450 bytes a crime: 400,000 is a few London months, under 200 MB. */
const ROWS_KEPT = 400_000;

export class StreetCrimeCache {
  readonly #months = new Map<string, { rows: number; value: Promise<MonthOfCrimes> }>();
  readonly #load: (month: string, live: string[]) => Promise<MonthOfCrimes>;

  constructor(load: (month: string, live: string[]) => Promise<MonthOfCrimes>) {
    this.#load = load;
  }

  get(month: string, live: string[]): Promise<MonthOfCrimes> {
    const key = `${month}|${[...live].sort().join(",")}`;
    const kept = this.#months.get(key);
    if (kept) {
      this.#months.delete(key);
      this.#months.set(key, kept);
      return kept.value;
    }
    const entry = { rows: 0, value: this.#load(month, live) };
    this.#months.set(key, entry);
    entry.value.then(
      (m) => {
        entry.rows = m.json.length;
        let total = 0;
        for (const e of this.#months.values()) total += e.rows;
        for (const [k, e] of this.#months) {
          if (total <= ROWS_KEPT || k === key) break;
          total -= e.rows;
          this.#months.delete(k);
        }
      },
      () => this.#months.delete(key),
    );
    return entry.value;
  }

  clear(): void {
    this.#months.clear();
  }
}

/** The index of the first crime at or north of a latitude. */
export function firstAtOrAbove(latitudes: Float64Array, lat: number): number {
  let lo = 0;
  let hi = latitudes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (latitudes[mid] < lat) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
