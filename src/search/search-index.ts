// The search index: every published page and service, in memory, in a MiniSearch inverted
// index (BM25 scoring). The data is small (hundreds of pages), so the index is rebuilt whole
// whenever the content changes rather than updated in place.
//
// Ranking, in order of weight: a match in the title counts most, then the tags (crime
// categories), then the summary, then the body; a service counts for a little more than a
// page, and for much more when the query says what the service does ("report", "apply",
// "complain"); news counts for less, as it dates.
import MiniSearch from "minisearch";
import type { Intent, ParsedQuery } from "./query.ts";
import { editDistance, indexTokens, normalise, STOP_WORDS, term, words } from "./text.ts";

export type SearchDocumentType =
  | "service"
  | "advice"
  | "service-start"
  | "information"
  | "news"
  | "area-notice";

/** One thing the search can find. Its URL is its identity. */
export type SearchDocument = {
  url: string;
  type: SearchDocumentType | (string & {});
  title: string;
  summary: string;
  /** Plain text. */
  body: string;
  tags: string[];
  /** For services: what the service is for. */
  kind?: Intent;
};

export type SearchHit = {
  document: SearchDocument;
  score: number;
  /** The indexed terms (stems) that matched, for highlighting. */
  matched: Set<string>;
};

/** How much each field counts: the title most, the body least. */
export const FIELD_BOOST = { title: 6, tags: 3, summary: 2, body: 1 } as const;

const TYPE_BOOST: Record<string, number> = {
  service: 1,
  "service-start": 1,
  advice: 1,
  information: 1,
  "area-notice": 0.8,
  news: 0.8,
};

const isService = (doc: SearchDocument) => doc.type === "service" || doc.type === "service-start";

export class SearchIndex {
  readonly documents: ReadonlyMap<string, SearchDocument>;
  private readonly mini: MiniSearch<SearchDocument>;
  /** Every word of the pages as written (not stemmed), with its count: for "did you mean". */
  private readonly vocabulary = new Map<string, number>();

  constructor(documents: SearchDocument[]) {
    const byUrl = new Map<string, SearchDocument>();
    for (const doc of documents) if (!byUrl.has(doc.url)) byUrl.set(doc.url, doc);
    this.documents = byUrl;
    this.mini = new MiniSearch<SearchDocument>({
      idField: "url",
      fields: ["title", "tags", "summary", "body"],
      storeFields: [],
      // Tags are police.uk slugs ("anti-social-behaviour"): their hyphens are spaces, and
      // each word counts once ("other-theft bicycle-theft" is about theft, not twice as much).
      extractField: (doc, field) =>
        field === "tags"
          ? [...new Set(doc.tags.join(" ").replace(/-/g, " ").split(/\s+/))].join(" ")
          : String(doc[field as "title" | "summary" | "body"] ?? ""),
      tokenize: indexTokens,
      processTerm: term,
    });
    this.mini.addAll([...byUrl.values()]);
    for (const doc of byUrl.values()) {
      for (const word of words(`${doc.title} ${doc.summary} ${doc.body} ${doc.tags.join(" ")}`)) {
        if (word.length < 3 || STOP_WORDS.has(word) || /\d/.test(word)) continue;
        this.vocabulary.set(word, (this.vocabulary.get(word) ?? 0) + 1);
      }
    }
  }

  get size(): number {
    return this.documents.size;
  }

  /** Every match, best first. */
  search(query: ParsedQuery, options: { exclude?: string } = {}): SearchHit[] {
    if (query.terms.length === 0) return [];
    const specs = query.terms;
    const intents = query.intents;
    const results = this.mini.search(specs.map((t) => t.term).join(" "), {
      // The terms are processed already (parseQuery); keep them as they are.
      tokenize: (text) => text.split(" "),
      processTerm: (t) => t,
      fuzzy: (_t, i) => specs[i]?.fuzzy ?? 0,
      prefix: (_t, i) => specs[i]?.prefix ?? false,
      boostTerm: (_t, i) => specs[i]?.weight ?? 1,
      boost: FIELD_BOOST,
      weights: { fuzzy: 0.5, prefix: 0.35 },
      combineWith: "OR",
      boostDocument: (url: string) => {
        const doc = this.documents.get(url);
        if (!doc || url === options.exclude) return 0;
        let boost = TYPE_BOOST[doc.type] ?? 1;
        if (isService(doc) && doc.kind) boost *= intents.get(doc.kind) ?? 1;
        return boost;
      },
    });
    const hits: SearchHit[] = [];
    for (const result of results) {
      const document = this.documents.get(result.id as string);
      if (!document) continue;
      hits.push({ document, score: result.score, matched: new Set(result.terms) });
    }
    // Equal scores keep a stable order: by title.
    return hits.sort(
      (a, b) => b.score - a.score || a.document.title.localeCompare(b.document.title),
    );
  }

  /** Pages about the same thing as this one: its title, tags and summary as the query. */
  related(url: string, limit = 3): SearchDocument[] {
    const doc = this.documents.get(url);
    if (!doc) return [];
    const seen = new Set<string>();
    const specs = [];
    for (const text of [doc.title, doc.tags.join(" ").replace(/-/g, " "), doc.summary]) {
      for (const token of indexTokens(text)) {
        const t = term(token);
        if (!t || seen.has(t)) continue;
        seen.add(t);
        specs.push({ term: t, weight: 1, fuzzy: 0, prefix: false });
      }
    }
    const hits = this.search(
      { text: doc.title, terms: specs.slice(0, 16), intents: new Map(), means: [] },
      { exclude: url },
    );
    return hits
      .filter((hit) => hit.document.type !== "news" || doc.type === "news")
      .slice(0, limit)
      .map((hit) => hit.document);
  }

  /**
   * "Did you mean": each typed word that no page uses, replaced by the closest word that
   * pages do use (at most one edit in words of 4 to 8 letters, two in longer ones), the more
   * common if two are as close. Undefined when nothing would change.
   */
  suggest(text: string): string | undefined {
    let changed = false;
    const out = normalise(text)
      .split(/\s+/)
      .filter(Boolean)
      .map((raw) => {
        const word = raw.replace(/[^\p{L}\p{N}'-]/gu, "");
        if (word.length < 4 || STOP_WORDS.has(word) || this.vocabulary.has(word)) return raw;
        const limit = word.length >= 9 ? 2 : 1;
        let best: { word: string; distance: number; count: number } | undefined;
        for (const [candidate, count] of this.vocabulary) {
          if (Math.abs(candidate.length - word.length) > limit) continue;
          const distance = editDistance(word, candidate, limit);
          if (distance > limit) continue;
          if (
            !best ||
            distance < best.distance ||
            (distance === best.distance && count > best.count)
          ) {
            best = { word: candidate, distance, count };
          }
        }
        if (!best) return raw;
        changed = true;
        return best.word;
      });
    return changed ? out.join(" ") : undefined;
  }
}
