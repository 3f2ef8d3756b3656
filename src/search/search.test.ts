// The search on its own (no server, no database): synonyms, typos, ranking, highlighting,
// paging, keeping the index fresh, and the A to Z, over the fixture pages.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { aToZ, subjectOf } from "./a-to-z.ts";
import { searchDocuments } from "./documents.ts";
import { fixturePages, fixtureServices, manyPages } from "./fixtures/pages.ts";
import { excerpt, highlight } from "./highlight.ts";
import { MAX_QUERY_CHARACTERS, MAX_TERMS, parseQuery } from "./query.ts";
import { SearchIndex } from "./search-index.ts";
import { invalidateSearch, SiteSearch } from "./site-search.ts";
import { synonyms } from "./synonyms.ts";
import { editDistance, indexTokens, words } from "./text.ts";

const index = new SearchIndex(searchDocuments(fixtureServices, fixturePages));
const top = (q: string) => index.search(parseQuery(q))[0]?.document.url;
const urls = (q: string) => index.search(parseQuery(q)).map((hit) => hit.document.url);

describe("search: the words people use", () => {
  for (const [q, url] of [
    ["mugged", "/advice/robbery"],
    ["I was mugged last night", "/advice/robbery"],
    ["my bike was nicked", "/advice/bicycle-theft"],
    ["someone pinched my purse", "/services/report-a-theft"],
    ["break-in", "/advice/burglary"],
    ["break in", "/advice/burglary"],
    ["my house was broken into", "/advice/burglary"],
    ["we got burgled", "/advice/burglary"],
    ["my car was broken into", "/advice/vehicle-crime"],
    ["someone keyed my car", "/advice/criminal-damage-and-arson"],
    ["graffiti on my wall", "/advice/criminal-damage-and-arson"],
    ["noisy neighbours", "/advice/antisocial-behaviour"],
    ["scammed on the phone", "/advice/fraud"],
    ["lost my wallet", "/information/lost-property"],
    ["car crash", "/services/report-a-road-traffic-collision"],
    ["complain about an officer", "/services/compliments-complaints-feedback"],
    ["thank an officer", "/services/compliments-complaints-feedback"],
    ["crime reference number", "/track"],
  ] as const) {
    test(`"${q}" finds ${url} first`, () => assert.equal(top(q), url));
  }

  test("the longest phrase wins: car broken into is vehicle crime, not burglary", () => {
    const parsed = parseQuery("my car was broken into");
    assert.deepEqual(parsed.means, ["vehicle crime"]);
  });

  test("a phrase allows small words between its words, but not other words", () => {
    assert.deepEqual(parseQuery("house broken into").means, ["burglary"]);
    assert.deepEqual(parseQuery("car has been broken into").means, ["vehicle crime"]);
    assert.deepEqual(parseQuery("broken plates into the bin").means, []);
  });

  test("the words of a matched phrase count for less than what it means; a one-word synonym keeps its weight", () => {
    const parsed = parseQuery("broken into");
    const weight = (q: string, t: string) => parseQuery(q).terms.find((x) => x.term === t)?.weight;
    assert.ok((weight("broken into", "broken") ?? 1) < (weight("broken into", "burglari") ?? 0));
    assert.equal(parsed.means[0], "burglary");
    assert.equal(weight("pickpocket", "pickpocket"), 1);
    assert.ok((weight("pickpocket", "theft") ?? 0) > 0);
  });

  test("what the query asks to do: said, implied by what happened, or asked about", () => {
    assert.equal(parseQuery("report a theft").intents.get("report"), 2.2);
    assert.equal(parseQuery("phone stolen").intents.get("report"), 1.5);
    assert.equal(parseQuery("what happens after I report a crime").intents.get("report"), 1.3);
    assert.equal(parseQuery("complain about an officer").intents.get("feedback"), 2.2);
    assert.equal(parseQuery("burglary").intents.size, 0);
  });

  test("the synonyms table is data, about 60 entries, every phrase meaning something", () => {
    assert.ok(synonyms.length >= 55, `${synonyms.length} entries`);
    for (const entry of synonyms) {
      assert.ok(entry.says.length > 0 && entry.means.trim().length > 0, JSON.stringify(entry));
      for (const say of entry.says) assert.ok(words(say).length > 0, say);
    }
  });
});

describe("search: typing mistakes", () => {
  for (const [q, url] of [
    ["robery", "/advice/robbery"],
    ["burglery", "/advice/burglary"],
    ["burgalry", "/advice/burglary"],
    ["vandalisum", "/advice/criminal-damage-and-arson"],
    ["antisocal behavour", "/advice/antisocial-behaviour"],
    ["bicyle theft", "/advice/bicycle-theft"],
  ] as const) {
    test(`"${q}" still finds ${url}`, () => assert.equal(top(q), url));
  }

  test("words under five letters must be spelt right (no fuzzy match for 'thft')", () => {
    const parsed = parseQuery("thft");
    assert.equal(parsed.terms[0].fuzzy, 0);
    assert.deepEqual(urls("thft"), []);
  });

  test("words of five letters or more allow one edit, nine or more two", () => {
    assert.equal(parseQuery("fraud").terms[0].fuzzy, 1);
    assert.equal(parseQuery("motorcycle").terms[0].fuzzy, 2);
  });

  test("did you mean: the nearest word the pages use, swapped letters counting as one edit", () => {
    assert.equal(index.suggest("burgalry"), "burglary");
    assert.equal(index.suggest("robbey advice"), "robbery advice");
    assert.equal(index.suggest("burglary"), undefined);
    assert.equal(editDistance("theif", "thief"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
  });

  test("a prefix finds the whole word", () => assert.equal(top("burgl"), "/advice/burglary"));
});

describe("search: ranking", () => {
  test("a match in the title beats the same word many times in the body", () => {
    const found = urls("burglary");
    assert.equal(found[0], "/advice/burglary");
    assert.ok(found.indexOf("/advice/burglary") < found.indexOf("/advice/staying-safe-online"));
  });

  test("news comes after advice on the same subject", () => {
    const found = urls("burglary");
    assert.ok(found.indexOf("/advice/burglary") < found.indexOf("/news/burglary-arrests"));
  });

  test("saying 'report' puts the service first; without it the advice can lead", () => {
    assert.equal(top("report a theft"), "/services/report-a-theft");
    assert.equal(top("report bike theft"), "/services/report-a-theft");
    assert.equal(top("bicycle theft"), "/advice/bicycle-theft");
    assert.ok(parseQuery("I want to report antisocial behaviour").intents.has("report"));
  });

  test("a service start page and its service are one result, at the service's address", () => {
    const found = urls("pickpocketing");
    assert.equal(found[0], "/services/report-a-theft");
    assert.equal(found.filter((u) => u === "/services/report-a-theft").length, 1);
    const doc = index.documents.get("/services/report-a-theft");
    assert.equal(doc?.type, "service");
    assert.equal(doc?.kind, "report");
  });

  test("common words alone find nothing, and nonsense finds nothing", () => {
    assert.deepEqual(parseQuery("how do I").terms, []);
    assert.deepEqual(urls("how do I"), []);
    assert.deepEqual(urls("xyzzy"), []);
  });

  test("related pages share the subject and leave the page itself out", () => {
    const related = index.related("/advice/bicycle-theft", 3).map((d) => d.url);
    assert.ok(!related.includes("/advice/bicycle-theft"));
    assert.equal(related[0], "/services/report-a-theft");
    assert.deepEqual(index.related("/nowhere"), []);
  });
});

describe("search: what was typed, taken apart", () => {
  test("hyphenated words are found both ways", () => {
    assert.deepEqual(indexTokens("anti-social"), ["anti", "social", "antisocial"]);
    assert.deepEqual(words("Neighbour’s break-in"), ["neighbour", "break", "in"]);
  });

  test("long queries are cut, and no query has more than the maximum of terms", () => {
    const long = "theft ".repeat(200);
    assert.ok(parseQuery(long).text.length <= MAX_QUERY_CHARACTERS);
    const many = Array.from({ length: 40 }, (_, i) => `word${i}x`).join(" ");
    assert.equal(parseQuery(many).terms.length, MAX_TERMS);
  });

  test("markup in a query is only words", () => {
    const parsed = parseQuery('<script>alert("x")</script>');
    assert.deepEqual(
      parsed.terms.map((t) => t.term),
      ["script", "alert", "x"],
    );
  });
});

describe("search: highlighting", () => {
  test("matched words are marked, whatever their ending or case", () => {
    const matched = new Set(["burglari", "lock"]);
    assert.deepEqual(highlight("Burglaries: locking up.", matched), [
      { text: "Burglaries", mark: true },
      { text: ": ", mark: false },
      { text: "locking", mark: true },
      { text: " up.", mark: false },
    ]);
  });

  test("text with markup stays text: the template escapes each segment", () => {
    const segments = highlight("<b>theft</b> & more", new Set(["theft"]));
    assert.equal(segments.map((s) => s.text).join(""), "<b>theft</b> & more");
    assert.deepEqual(
      segments.filter((s) => s.mark),
      [{ text: "theft", mark: true }],
    );
  });

  test("an excerpt is cut around the first match, with ellipses", () => {
    const body = Array.from({ length: 40 }, (_, i) => (i === 20 ? "burglary" : `w${i}`)).join(" ");
    const passage = excerpt(body, new Set(["burglari"]));
    assert.ok(passage);
    const text = passage.map((s) => s.text).join("");
    assert.ok(text.startsWith("…") && text.endsWith("…"), text);
    assert.ok(passage.some((s) => s.mark && s.text === "burglary"));
    assert.equal(excerpt("nothing here", new Set(["burglari"])), undefined);
  });
});

describe("search: pages of results and a fresh index", () => {
  const services = () => fixtureServices;

  test("results come ten to a page; a page past the end shows the last", async () => {
    const search = new SiteSearch({ services, pages: async () => manyPages(25) });
    const first = await search.search("witness appeal");
    assert.equal(first.total, 25);
    assert.equal(first.pages, 3);
    assert.equal(first.hits.length, 10);
    const last = await search.search("witness appeal", 3);
    assert.equal(last.hits.length, 5);
    const beyond = await search.search("witness appeal", 99);
    assert.equal(beyond.page, 3);
    const nonsense = await search.search("witness appeal", Number.NaN);
    assert.equal(nonsense.page, 1);
  });

  test("nothing found, but a spelling that finds something: its results, and what was typed", async () => {
    const search = new SiteSearch({ services, pages: async () => fixturePages });
    const result = await search.search("burlgary");
    assert.equal(result.correctedFrom, "burlgary");
    assert.equal(result.query.text, "burglary");
    assert.equal(result.hits[0].document.url, "/advice/burglary");
  });

  test("invalidateSearch() rebuilds before the next search; otherwise the refresh interval", async () => {
    let now = 0;
    let pages = [fixturePages[0]];
    let listed = 0;
    const search = new SiteSearch(
      {
        services,
        pages: async () => {
          listed++;
          return pages;
        },
      },
      { refreshMillis: 60_000, clock: () => now },
    );
    assert.equal((await search.search("burglary")).total, 0);
    pages = fixturePages;
    now = 30_000;
    assert.equal((await search.search("burglary")).total, 0, "not stale yet");
    assert.equal(listed, 1);
    invalidateSearch();
    assert.ok((await search.search("burglary")).total > 0, "rebuilt after invalidation");
    assert.equal(listed, 2);
    pages = [];
    now = 100_000;
    // Stale: this search still uses the index it has while a new one is built behind it.
    assert.ok((await search.search("burglary")).total > 0);
    await search.rebuild();
    assert.equal((await search.search("burglary")).total, 0);
  });

  test("if the pages cannot be listed, the last index stays; with none, services are still found", async () => {
    let fail = true;
    const errors: unknown[] = [];
    let now = 0;
    const search = new SiteSearch(
      {
        services,
        pages: async () => {
          if (fail) throw new Error("database down");
          return fixturePages;
        },
      },
      { clock: () => now, refreshMillis: 1000, onError: (e) => errors.push(e) },
    );
    assert.equal(
      (await search.search("report a theft")).hits[0].document.url,
      "/services/report-a-theft",
    );
    assert.equal(errors.length, 1);
    fail = false;
    now = 2000;
    await search.rebuild();
    assert.ok((await search.search("burglary")).total > 0);
    fail = true;
    now = 4000;
    await search.rebuild();
    assert.ok((await search.search("burglary")).total > 0, "kept the last good index");
  });
});

describe("services A to Z", () => {
  test("services are filed under their subject, with aliases, letters in order", () => {
    const groups = aToZ(searchDocuments(fixtureServices, fixturePages));
    const letters = groups.map((g) => g.letter);
    assert.deepEqual(letters, [...letters].sort());
    const t = groups.find((g) => g.letter === "T");
    assert.ok(t?.entries.some((e) => e.label === "Theft" && e.url === "/services/report-a-theft"));
    assert.ok(t?.entries.some((e) => e.label === "Track your report" && e.url === "/track"));
    const c = groups.find((g) => g.letter === "C");
    assert.ok(c?.entries.some((e) => e.label === "Car crash"));
    // Only services: no advice or news.
    assert.ok(groups.every((g) => g.entries.every((e) => !e.url.startsWith("/advice"))));
  });

  test("an alias for a service that does not exist is left out", () => {
    const groups = aToZ(searchDocuments([], []));
    assert.ok(!groups.flatMap((g) => g.entries).some((e) => e.label === "Car crash"));
  });

  test("the subject of a title", () => {
    assert.equal(subjectOf("Report a theft"), "Theft");
    assert.equal(subjectOf("Report antisocial behaviour"), "Antisocial behaviour");
    assert.equal(subjectOf("Apply for a firearms licence"), "Firearms licence");
    assert.equal(
      subjectOf("Compliments, complaints and feedback"),
      "Compliments, complaints and feedback",
    );
  });
});
