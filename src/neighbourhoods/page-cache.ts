// Area and borough pages, whole, kept as bytes (a CachedPage each, src/platform/
// cached-page.ts): only the CSP nonce differs from one view of a page to the next (the layout
// carries no session, CSRF token or other per-visitor state on these pages). This cache holds
// them by address and renders them again in the background when they are old
// (docs/adr/0014-area-page-cache.md).

type Entry<T> = {
  at: number;
  value: Promise<T | undefined>;
  refreshing: boolean;
  /** When it was last viewed, as a count of views: the least recent goes first. */
  viewed: number;
  /** Its render has given a page: only these count towards the limit, and only these go. */
  ready: boolean;
};

/**
 * Pages by key, at most `limit`, least recently used dropped first. A page older than
 * `maxAgeMs` is still served while it is rendered again in the background, so views never
 * wait for a render once a page has been seen (a render of an area page takes tens of
 * milliseconds: under load, 50 of them at once would be the slowest second of the day).
 * clear() drops everything at once, including renders under way, for a change that must
 * show on the next view (a team's priorities edited in the back office, an import).
 */
export class PageCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxAgeMs: number;
  readonly #limit: number;
  readonly #now: () => number;
  readonly #onDrop: (value: T) => void;
  /** Bumped by clear(), so a render started before it does not put back what it cleared. */
  #generation = 0;
  #views = 0;
  /** Entries that are ready (hold a page), not renders under way. */
  #ready = 0;

  constructor(options: {
    maxAgeMs: number;
    limit: number;
    now?: () => number;
    /** Told of each page no longer kept (replaced, dropped for room, or cleared). */
    onDrop?: (value: T) => void;
  }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#limit = options.limit;
    this.#now = options.now ?? Date.now;
    this.#onDrop = options.onDrop ?? (() => {});
  }

  #drop(entry: Entry<T>): void {
    entry.value.then(
      (value) => value !== undefined && this.#onDrop(value),
      () => {},
    );
  }

  /**
   * The page for the key, rendering it if it is not here. A render that gives undefined
   * (no such page) or fails is not kept, and makes no room: a page is dropped for room only
   * once a new one has actually been rendered, so a flood of unknown addresses cannot push
   * real pages out (while their renders are under way the cache holds more than `limit`).
   */
  get(key: string, render: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = this.#now();
    const kept = this.#entries.get(key);
    if (kept) {
      // Marked rather than moved to the end of the Map: a view changes nothing in the Map,
      // and only adding a page past the limit looks for the least recent.
      kept.viewed = ++this.#views;
      if (now - kept.at >= this.#maxAgeMs && !kept.refreshing) this.#refresh(key, kept, render);
      return kept.value;
    }
    const entry: Entry<T> = {
      at: now,
      value: render(),
      refreshing: false,
      viewed: ++this.#views,
      ready: false,
    };
    this.#entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.#entries.get(key) !== entry) return;
        if (value === undefined) {
          this.#entries.delete(key);
          return;
        }
        entry.ready = true;
        this.#ready++;
        this.#makeRoom(entry);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Past the limit, drops the least recently viewed page other than the one just added. */
  #makeRoom(added: Entry<T>): void {
    if (this.#ready <= this.#limit) return;
    let leastKey: string | undefined;
    let least: Entry<T> | undefined;
    for (const [k, e] of this.#entries) {
      if (e.ready && e !== added && (!least || e.viewed < least.viewed)) [leastKey, least] = [k, e];
    }
    if (leastKey === undefined || !least) return;
    this.#remove(leastKey, least);
    this.#drop(least);
  }

  #remove(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    if (entry.ready) this.#ready--;
  }

  #refresh(key: string, entry: Entry<T>, render: () => Promise<T | undefined>): void {
    entry.refreshing = true;
    const generation = this.#generation;
    render().then(
      (value) => {
        if (generation !== this.#generation || this.#entries.get(key) !== entry) {
          if (value !== undefined) this.#onDrop(value);
          return;
        }
        if (value === undefined) {
          this.#remove(key, entry);
          this.#drop(entry);
          return;
        }
        this.#drop({ ...entry });
        entry.value = Promise.resolve(value);
        entry.at = this.#now();
        entry.refreshing = false;
      },
      // Keep serving what we have; the next view past the age tries again.
      () => {
        entry.refreshing = false;
      },
    );
  }

  clear(): void {
    this.#generation++;
    for (const entry of this.#entries.values()) this.#drop(entry);
    this.#entries.clear();
    this.#ready = 0;
  }

  get size(): number {
    return this.#entries.size;
  }
}
