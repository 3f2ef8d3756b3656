// A month of street-level crime held in memory for /api/crimes-street: each crime already
// turned into its police.uk JSON, sorted by latitude, so a one-mile circle or a custom area
// is a binary search, a scan of a band of latitude, and a copy of ready-made bytes. A month
// is published once and replaced only by an import, which changes its key (the live import
// ids), so nothing here goes stale; the oldest months are dropped past a row limit.
//
// The JSON of a month is one Buffer (every crime's JSON, joined by commas) with the offset
// of each crime in it, not a string per crime: an answer of 300-600 crimes (about 270 kB) is
// then a single allocation and a few hundred memory copies, with no per-crime object, no
// string join and no UTF-8 encoding per request (which together were over half the CPU of
// a request), and a month is one object for the garbage collector instead of thousands.
export type MonthOfCrimes = {
  latitude: Float64Array;
  longitude: Float64Array;
  category: string[];
  /** Every crime's police.uk JSON in the order above, each followed by a comma. */
  json: Buffer;
  /** Crime i's JSON is json[start[i], start[i + 1] - 1); the byte before start[i + 1] is its comma. */
  start: Uint32Array;
};

/** A month from its crimes, already sorted by latitude, each with its police.uk JSON. */
export function monthOfCrimes(
  crimes: Array<{ latitude: number; longitude: number; category: string; json: string }>,
): MonthOfCrimes {
  const json = Buffer.from(crimes.map((c) => `${c.json},`).join(""));
  const start = new Uint32Array(crimes.length + 1);
  let at = 0;
  crimes.forEach((c, i) => {
    start[i] = at;
    at += Buffer.byteLength(c.json) + 1;
  });
  start[crimes.length] = at;
  return {
    latitude: Float64Array.from(crimes, (c) => c.latitude),
    longitude: Float64Array.from(crimes, (c) => c.longitude),
    category: crimes.map((c) => c.category),
    json,
    start,
  };
}

/**
 * The JSON array of the chosen crimes (indexes into the month, ascending), as bytes: in a
 * Buffer from `allocate` (a spare one, say), or a new one. Runs of neighbouring crimes are
 * copied in one go, commas and all.
 */
export function crimesJson(
  month: MonthOfCrimes,
  chosen: readonly number[],
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): Buffer {
  const { json, start } = month;
  let size = 2;
  for (const i of chosen) size += start[i + 1] - start[i];
  // Each crime brought its trailing comma; the last one's is not sent.
  if (chosen.length > 0) size -= 1;
  const out = allocate(size);
  out[0] = 0x5b; // [
  let at = 1;
  let k = 0;
  while (k < chosen.length) {
    let end = k;
    while (end + 1 < chosen.length && chosen[end + 1] === chosen[end] + 1) end++;
    // From the run's first crime to its last, with the comma after each (the last's too).
    at += json.copy(out, at, start[chosen[k]], start[chosen[end] + 1]);
    k = end + 1;
  }
  // Over the last comma, or straight after "[" when nothing was chosen.
  out[chosen.length > 0 ? at - 1 : 1] = 0x5d; // ]
  return out;
}

/**
 * Buffers for answers, used again once an answer has been sent: an answer is a few hundred
 * kilobytes, and allocating that afresh each time cost about a tenth of a request's CPU, in
 * the allocation itself and in the garbage collections it brought on. Small answers (an
 * empty `[]`, a quiet street) get a buffer of exactly their size instead: holding a whole
 * spare for them would keep a megabyte in flight for a few bytes sent.
 */
export class SpareBuffers {
  readonly #spares: Buffer[] = [];
  readonly #size: number;
  readonly #kept: number;
  readonly #small: number;

  /**
   * Buffers of `size` bytes (bigger answers get one of their own), at most `kept` spare;
   * answers under `small` bytes are allocated exactly, as one of their own.
   */
  constructor(size: number, kept: number, small = Math.min(64 * 1024, size / 4)) {
    this.#size = size;
    this.#kept = kept;
    this.#small = small;
  }

  /**
   * `bytes` bytes, from a spare buffer when they fit. Give the buffer back with `sent` once
   * the response has been handed to the operating system, and not before.
   */
  take(bytes: number): Buffer {
    // Not from Node's shared pool either: a pooled slice's ArrayBuffer is the pool's, which
    // `sent` could mistake for a spare of ours were the sizes ever the same.
    if (bytes < this.#small || bytes > this.#size) return Buffer.allocUnsafeSlow(bytes);
    const spare = this.#spares.pop() ?? Buffer.allocUnsafeSlow(this.#size);
    return spare.subarray(0, bytes);
  }

  sent(answer: Buffer): void {
    if (answer.buffer.byteLength !== this.#size || answer.byteOffset !== 0) return;
    if (this.#spares.length >= this.#kept) return;
    this.#spares.push(Buffer.from(answer.buffer, 0, this.#size));
  }
}

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
        entry.rows = m.latitude.length;
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
