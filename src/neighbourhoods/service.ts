// The neighbourhoods feature as the app holds it: what data to load at start (none, the
// boundaries, or the whole demo), the spatial index, and short-lived caches of the few small
// things every page needs. The demo's crime data loads in the background after the site is
// up, so the home page never waits for it; area pages say "no figures yet" until it is in.
import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { CachedPage } from "../platform/cached-page.ts";
import { type AreaLookup, loadAreaLookup } from "./boundaries.ts";
import type { ProfileContext } from "./crime-profile.ts";
import type { ImportReport } from "./import.ts";
import { PageCache } from "./page-cache.ts";
import { crimeMonths, neighbourhoodsPerArea } from "./repository.ts";
import { demoDataNeeded, loadDemoData, seedBoundaries } from "./seed.ts";

export type StreetMonth = { month: string; import_id: string };

export type NeighbourhoodDataSetting = "demo" | "boundaries" | "none";

export type NeighbourhoodOptions = {
  data: NeighbourhoodDataSetting;
  regionName: string;
  seedDir?: string;
};

const CONTEXT_SECONDS = 30;
/**
 * Area and borough pages are rendered again in the background once they are this old (an
 * import or a team change made by another process shows within it), and at most this many
 * are kept: every page of London (about 680 areas and 33 boroughs, 40-50 kB each) fits.
 */
const PAGE_SECONDS = 60;
const PAGES_KEPT = 800;

export class NeighbourhoodService {
  readonly db: Kysely<Database>;
  readonly options: NeighbourhoodOptions;
  readonly log: FastifyBaseLogger | undefined;
  #areas: Promise<AreaLookup> | undefined;
  #context: { at: number; value: Promise<ProfileContext> } | undefined;
  #streetMonths: { at: number; value: Promise<StreetMonth[]> } | undefined;
  #background: Promise<ImportReport | undefined> | undefined;
  #retry: NodeJS.Timeout | undefined;
  readonly #pages = new PageCache<CachedPage>({
    maxAgeMs: PAGE_SECONDS * 1000,
    limit: PAGES_KEPT,
    onDrop: (page) => page.dropped(),
  });
  #closed = false;
  readonly #stopping = new AbortController();

  constructor(db: Kysely<Database>, options: NeighbourhoodOptions, log?: FastifyBaseLogger) {
    this.db = db;
    this.options = options;
    this.log = log;
  }

  /**
   * Loads what the setting asks for. The boundaries are awaited (a fraction of a second), so
   * area pages exist from the first request; the demo's crime and postcodes load behind.
   * If the database is not there yet, tries again every few seconds until it is.
   */
  async start(): Promise<void> {
    if (this.options.data === "none" || this.#closed) return;
    try {
      const seeded = await seedBoundaries(this.db, this.options.seedDir);
      if (seeded) {
        this.log?.info("loaded the London boundaries and demo neighbourhood teams");
        this.invalidate();
      }
    } catch (error) {
      this.log?.warn(
        { err: { message: String(error) } },
        "neighbourhood boundaries not loaded yet",
      );
      this.#retry = setTimeout(() => void this.start(), 5000);
      this.#retry.unref();
      return;
    }
    if (this.options.data === "demo") {
      const parts = await demoDataNeeded(this.db).catch(() => ({ crime: false, postcodes: false }));
      if (parts.crime || parts.postcodes) this.#background = this.loadDemo(parts);
    }
  }

  private async loadDemo(parts: {
    crime: boolean;
    postcodes: boolean;
  }): Promise<ImportReport | undefined> {
    const started = Date.now();
    this.log?.info("loading the demo's crime figures and postcodes in the background");
    try {
      const report = await loadDemoData(this.db, {
        seedDir: this.options.seedDir,
        areas: await this.areas(),
        signal: this.#stopping.signal,
        parts,
      });
      this.invalidate();
      this.log?.info(
        { seconds: (Date.now() - started) / 1000, months: report.months.length },
        "demo crime figures and postcodes loaded",
      );
      return report;
    } catch (error) {
      if (!this.#closed) {
        this.log?.error({ err: { message: String(error) } }, "demo crime figures did not load");
      }
      return undefined;
    }
  }

  /** Resolves when the background load (if any) has finished: for tests and for close. */
  async idle(): Promise<void> {
    await this.#background;
  }

  /** At shutdown: a background load stops at its next batch and takes its rows away. */
  async stop(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#stopping.abort();
    await this.#background;
  }

  /** The spatial index of the neighbourhoods, built once. */
  areas(): Promise<AreaLookup> {
    this.#areas ??= loadAreaLookup(this.db).catch((error) => {
      this.#areas = undefined;
      throw error;
    });
    return this.#areas;
  }

  /** The months of data held and the number of neighbourhoods per force and borough. */
  context(): Promise<ProfileContext> {
    const now = Date.now();
    if (!this.#context || now - this.#context.at > CONTEXT_SECONDS * 1000) {
      const value = (async () => {
        const [months, counts] = await Promise.all([
          crimeMonths(this.db),
          neighbourhoodsPerArea(this.db),
        ]);
        return {
          regionName: this.options.regionName,
          months,
          neighbourhoodsByForce: counts.byForce,
          neighbourhoodsByBorough: counts.byBorough,
        };
      })();
      value.catch(() => {
        this.#context = undefined;
      });
      this.#context = { at: now, value };
    }
    return this.#context.value;
  }

  /**
   * The months with street-level crime, newest first, and the import live for each: asked
   * on every /api/crimes-street, so kept for half a minute (an import in this process
   * clears it at once; one by another process shows within the half-minute, well inside
   * the five minutes the API's answers may be cached for anyway).
   */
  streetMonths(options: { fresh?: boolean } = {}): Promise<StreetMonth[]> {
    const now = Date.now();
    if (
      options.fresh ||
      !this.#streetMonths ||
      now - this.#streetMonths.at > CONTEXT_SECONDS * 1000
    ) {
      const value = this.db
        .selectFrom("crime_months")
        .select(["month", "import_id"])
        .where("source", "=", "street")
        .orderBy("month", "desc")
        .execute();
      value.catch(() => {
        this.#streetMonths = undefined;
      });
      this.#streetMonths = { at: now, value };
    }
    return this.#streetMonths.value;
  }

  /**
   * A whole area or borough page, rendered once and kept (see page-cache.ts). The figures
   * change once a month and teams rarely; a change made here clears it (invalidate).
   */
  page(key: string, render: () => Promise<CachedPage | undefined>) {
    return this.#pages.get(key, render);
  }

  /** After an import or a change of boundaries or teams in this process. */
  invalidate(): void {
    this.#areas = undefined;
    this.#context = undefined;
    this.#streetMonths = undefined;
    this.#pages.clear();
  }
}
