// The site's search: keeps a SearchIndex over the services and the published pages up to
// date, and answers a query a page at a time.
//
// Keeping it fresh: the index is built on first use and rebuilt
// - at once, before the next search, after invalidateSearch() (the content module calls it
//   when it publishes or unpublishes, so an editor sees their change straight away), and
// - in the background, at most every `refreshMillis`, for changes this process did not make
//   (another web process on the same PostgreSQL, or a page whose scheduled time came): the
//   pages are listed again and, if they differ from last time, indexed again. Searches meanwhile
//   use the index they have.
// If listing the pages fails, the last good index stays in use.
import { createHash } from "node:crypto";
import type { ServiceSummary } from "../site/routes.ts";
import { type PublishedPage, searchDocuments, sitePages } from "./documents.ts";
import { type ParsedQuery, parseQuery } from "./query.ts";
import { type SearchDocument, type SearchHit, SearchIndex } from "./search-index.ts";

let generation = 0;

/** Tells every search in this process to rebuild before its next query. */
export function invalidateSearch(): void {
  generation++;
}

export type SearchSources = {
  services: () => readonly ServiceSummary[];
  /** The published pages; none until the content module is there. */
  pages?: () => Promise<readonly PublishedPage[]>;
  /** The site's own pages; `sitePages` by default. */
  sitePages?: readonly SearchDocument[];
};

export type SearchPage = {
  query: ParsedQuery;
  total: number;
  page: number;
  pages: number;
  perPage: number;
  hits: SearchHit[];
  /** A spelling that finds something when what was typed found nothing. */
  suggestion?: string;
  /** When nothing matched what was typed, the results are for `suggestion` and this is what was typed. */
  correctedFrom?: string;
};

export const RESULTS_PER_PAGE = 10;

export class SiteSearch {
  private readonly sources: SearchSources;
  private readonly refreshMillis: number;
  private readonly clock: () => number;
  private readonly onError: (error: unknown) => void;
  private index: SearchIndex | undefined;
  private builtAt = 0;
  private builtGeneration = -1;
  private fingerprint = "";
  private building: Promise<SearchIndex> | undefined;

  constructor(
    sources: SearchSources,
    options: {
      refreshMillis?: number;
      clock?: () => number;
      onError?: (error: unknown) => void;
    } = {},
  ) {
    this.sources = sources;
    this.refreshMillis = options.refreshMillis ?? 60_000;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => {});
  }

  /** The index to search now, building or refreshing it as the rules above say. */
  async current(): Promise<SearchIndex> {
    if (!this.index) return this.rebuild();
    if (this.builtGeneration !== generation) return this.rebuild();
    if (this.clock() - this.builtAt >= this.refreshMillis) {
      this.rebuild().catch(() => {});
    }
    return this.index;
  }

  /** Lists everything again and rebuilds the index if anything changed. One at a time. */
  rebuild(): Promise<SearchIndex> {
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async build(): Promise<SearchIndex> {
    const startedGeneration = generation;
    let pages: readonly PublishedPage[] = [];
    let listed = true;
    try {
      pages = (await this.sources.pages?.()) ?? [];
    } catch (error) {
      this.onError(error);
      listed = false;
      // Keep what we have and try again after the refresh interval, not on every request.
      this.builtAt = this.clock();
      if (this.index) {
        this.builtGeneration = startedGeneration;
        return this.index;
      }
      // Nothing yet: services and the site's own pages are still worth finding.
    }
    const documents = searchDocuments(
      this.sources.services(),
      pages,
      this.sources.sitePages ?? sitePages,
    );
    const fingerprint = listed
      ? createHash("sha256").update(JSON.stringify(documents)).digest("hex")
      : "";
    if (!this.index || !listed || fingerprint !== this.fingerprint) {
      this.index = new SearchIndex(documents);
      this.fingerprint = fingerprint;
    }
    this.builtGeneration = startedGeneration;
    this.builtAt = this.clock();
    return this.index;
  }

  async search(text: string, page = 1, perPage = RESULTS_PER_PAGE): Promise<SearchPage> {
    const index = await this.current();
    const query = parseQuery(text);
    let hits = index.search(query);
    let suggestion: string | undefined;
    let correctedFrom: string | undefined;
    let shown = query;
    if (hits.length === 0 && query.terms.length > 0) {
      suggestion = index.suggest(query.text);
      if (suggestion) {
        const corrected = parseQuery(suggestion);
        const correctedHits = index.search(corrected);
        if (correctedHits.length > 0) {
          hits = correctedHits;
          shown = corrected;
          correctedFrom = query.text;
        } else {
          suggestion = undefined;
        }
      }
    }
    const pages = Math.max(1, Math.ceil(hits.length / perPage));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    return {
      query: shown,
      total: hits.length,
      page: current,
      pages,
      perPage,
      hits: hits.slice((current - 1) * perPage, current * perPage),
      suggestion,
      correctedFrom,
    };
  }

  /** Up to `limit` pages about the same thing as the page at `url` (none if it is not indexed). */
  async related(url: string, limit = 3): Promise<SearchDocument[]> {
    return (await this.current()).related(url, limit);
  }

  /** Everything indexed: for the A to Z. */
  async documents(): Promise<SearchDocument[]> {
    return [...(await this.current()).documents.values()];
  }
}
