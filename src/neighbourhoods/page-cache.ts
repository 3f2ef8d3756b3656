// Area and borough pages, whole, kept as bytes. Only the CSP nonce differs from one view of
// a page to the next (the layout carries no session, CSRF token or other per-visitor state
// on these pages), so a page is rendered once with a stand-in for the nonce, and a view is
// a copy of those bytes with this response's nonce written over the stand-in. Copies are
// used again once sent, so a view of a page seen before allocates and copies nothing but
// its nonce: a few microseconds against about a millisecond to look the area up and render
// the layout, and almost no garbage (docs/adr/0014-area-page-cache.md).
import { randomBytes } from "node:crypto";

/**
 * Stands in for the nonce while a page is rendered, then marks where to put the real one.
 * Random per process, so no text on a page (a team's description, say) can contain it; as
 * long as a real nonce (16 bytes in hex), so a page's length is the same with either.
 */
export const NONCE_STAND_IN = randomBytes(16).toString("hex");

/** Copies waiting to be used again, across all pages: a bound on the memory they take. */
const SPARE_BYTES_KEPT = 32 * 1024 * 1024;
let spareBytes = 0;
/** Spare copies kept per page: as many views of one page as are usually in flight at once. */
const SPARES_PER_PAGE = 8;

export class CachedPage {
  /** The page with the stand-in, never sent itself. */
  readonly #bytes: Buffer;
  /** Where the stand-in is. */
  readonly #at: number[] = [];
  readonly #spares: Buffer[] = [];
  #dropped = false;

  constructor(html: string) {
    this.#bytes = Buffer.from(html);
    const standIn = Buffer.from(NONCE_STAND_IN);
    for (
      let at = this.#bytes.indexOf(standIn);
      at >= 0;
      at = this.#bytes.indexOf(standIn, at + 1)
    ) {
      this.#at.push(at);
    }
  }

  get length(): number {
    return this.#bytes.length;
  }

  /**
   * The page with this nonce, to send. Give it back with `sent` once the response has
   * been handed to the operating system (the response's "finish"), and not before: until
   * then it may still be being written.
   */
  withNonce(nonce: string): Buffer {
    if (nonce.length !== NONCE_STAND_IN.length) return this.#spliced(nonce);
    let out = this.#spares.pop();
    if (out) spareBytes -= out.length;
    else out = Buffer.from(this.#bytes);
    for (const at of this.#at) out.write(nonce, at, "latin1");
    return out;
  }

  /** A copy from withNonce, sent: kept for another view if there is room. */
  sent(copy: Buffer): void {
    if (this.#dropped || copy.length !== this.#bytes.length || copy === this.#bytes) return;
    if (this.#spares.length >= SPARES_PER_PAGE || spareBytes + copy.length > SPARE_BYTES_KEPT) {
      return;
    }
    spareBytes += copy.length;
    this.#spares.push(copy);
  }

  /** Dropped from the cache: its spare copies go to the garbage collector. */
  dropped(): void {
    this.#dropped = true;
    for (const copy of this.#spares) spareBytes -= copy.length;
    this.#spares.length = 0;
  }

  /** For a nonce of another length (none today): the bytes around the stand-in, joined. */
  #spliced(nonce: string): Buffer {
    const pieces: Buffer[] = [];
    let from = 0;
    for (const at of this.#at) {
      pieces.push(this.#bytes.subarray(from, at), Buffer.from(nonce, "latin1"));
      from = at + NONCE_STAND_IN.length;
    }
    pieces.push(this.#bytes.subarray(from));
    return Buffer.concat(pieces);
  }
}

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
