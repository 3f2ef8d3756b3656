// Site search and the services A to Z through the whole app, on both dialects: published
// pages are found and drafts are not, synonyms and typos lead to the right service, a query
// with markup in it is inert, no results gives next steps, results come in pages, and the
// query never reaches the logs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { invalidateSearch } from "../../src/search/site-search.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { addPage, resultUrls } from "./search-fixtures.ts";

const search = (q: string, page?: number) =>
  `/search?${new URLSearchParams({ q, ...(page ? { page: String(page) } : {}) })}`;

for (const dialect of testDialects()) {
  describe(`site search (${dialect})`, () => {
    let t: TestApp;

    before(async () => {
      t = await buildTestApp(dialect);
      const db = t.database.handle.db;
      await addPage(db, {
        id: "s1",
        type: "advice",
        slug: "quokka-safety",
        title: "Quokka safety",
        summary: "How to keep your quokka safe from thieves.",
        body: "Quokkas are often taken from gardens. Lock your gate.",
      });
      await addPage(db, {
        id: "s2",
        type: "advice",
        slug: "garden-sheds",
        title: "Garden sheds",
        summary: "Locks for garden sheds.",
        body: "Thieves also like quokka hutches, quokka food and quokka toys: quokka quokka quokka.",
      });
      await addPage(db, {
        id: "s3",
        type: "advice",
        slug: "unpublished-wombats",
        title: "Wombat draft",
        summary: "Not yet published.",
        body: "Wombats.",
        published: false,
      });
      for (let i = 1; i <= 23; i++) {
        await addPage(db, {
          id: `n${i}`,
          type: "news",
          slug: `platypus-appeal-${i}`,
          title: `Platypus appeal ${i}`,
          summary: "Have you seen this platypus?",
          body: "Call 101.",
        });
      }
      invalidateSearch();
    });
    after(() => t.close());

    test("a published page is found, a draft is not, and the title beats the body", async () => {
      const res = await t.app.inject({ url: search("quokka") });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(resultUrls(res.body).slice(0, 2), [
        "/advice/quokka-safety",
        "/advice/garden-sheds",
      ]);
      const draft = await t.app.inject({ url: search("wombat") });
      assert.deepEqual(resultUrls(draft.body), []);
      assert.equal(res.headers["x-robots-tag"], "noindex");
    });

    for (const [q, url] of [
      ["report a theft", "/services/report-a-theft"],
      ["I want to report my bike being nicked", "/services/report-a-theft"],
      ["report a car crash", "/services/report-a-road-traffic-collision"],
      ["report noisy neighbours", "/services/report-antisocial-behaviour"],
      ["complain about an officer", "/services/compliments-complaints-feedback"],
      ["crime reference number", "/track"],
      ["report a colision", "/services/report-a-road-traffic-collision"],
    ] as const) {
      test(`"${q}" leads with ${url}`, async () => {
        const res = await t.app.inject({ url: search(q) });
        assert.equal(res.statusCode, 200);
        assert.equal(resultUrls(res.body)[0], url);
      });
    }

    test("matches are highlighted, and markup in the query is shown as text, never run", async () => {
      const res = await t.app.inject({ url: search('<script>alert("quokka")</script> quokka') });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /&lt;script&gt;alert\(&quot;quokka&quot;\)&lt;\/script&gt; quokka/);
      assert.match(res.body, /<mark class="bl-search-mark">quokka<\/mark>/);
      const attr = await t.app.inject({ url: search('"><img src=x onerror=alert(1)>') });
      assert.doesNotMatch(attr.body, /<img src=x/);
      assert.match(attr.body, /value="&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
    });

    test("a very long query is cut to what the search reads, in the page as in the search", async () => {
      const res = await t.app.inject({ url: search(`quokka ${"x".repeat(5000)}`) });
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes("x".repeat(300)));
      assert.equal(resultUrls(res.body)[0], "/advice/quokka-safety");
    });

    test("no results: what to try next, the A to Z, advice, 101 and 999", async () => {
      const res = await t.app.inject({ url: search("zzqx") });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /There are no results for “zzqx”/);
      for (const next of [
        'href="/services"',
        'href="/advice"',
        "checking your spelling",
        "101",
        "999",
      ]) {
        assert.ok(res.body.includes(next), next);
      }
    });

    test("an empty search is a page that helps, not an error", async () => {
      for (const url of ["/search", "/search?q=", "/search?q=%20%20", "/search?q=a&q=b&page=x"]) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
      }
      const empty = await t.app.inject({ url: "/search" });
      assert.match(empty.body, /<title>Search &ndash; /);
      assert.match(empty.body, /href="\/report"/);
    });

    test("results come ten to a page, with numbered pages and next and previous", async () => {
      const first = await t.app.inject({ url: search("platypus") });
      assert.match(first.body, /<strong>23<\/strong> results, showing 1 to 10/);
      assert.match(first.body, /<title>Search results for “platypus” &ndash; /);
      assert.equal(resultUrls(first.body).length, 10);
      assert.match(first.body, /href="\/search\?q=platypus&amp;page=2" rel="next"/);
      assert.doesNotMatch(first.body, /rel="prev"/);
      const last = await t.app.inject({ url: search("platypus", 3) });
      assert.equal(resultUrls(last.body).length, 3);
      assert.match(last.body, /showing 21 to 23/);
      assert.match(last.body, /<title>Search results for “platypus” \(page 3 of 3\) &ndash; /);
      assert.match(last.body, /href="\/search\?q=platypus&amp;page=2" rel="prev"/);
      assert.match(last.body, /aria-current="page"/);
      const all = new Set<string>();
      for (const page of [1, 2, 3]) {
        const res = await t.app.inject({ url: search("platypus", page) });
        for (const url of resultUrls(res.body)) all.add(url);
      }
      assert.equal(all.size, 23, "every result once across the pages");
    });

    test("a typo that finds nothing shows the results for the nearest spelling", async () => {
      const res = await t.app.inject({ url: search("qoukka") });
      assert.match(
        res.body,
        /There are no results for “qoukka”. Showing results for “quokka” instead/,
      );
      assert.equal(resultUrls(res.body)[0], "/advice/quokka-safety");
    });

    test("a page published later is found after the search is told", async () => {
      await addPage(t.database.handle.db, {
        id: "s4",
        type: "information",
        slug: "axolotl-licences",
        title: "Axolotl licences",
        summary: "You do not need one.",
        body: "",
      });
      invalidateSearch();
      const res = await t.app.inject({ url: search("axolotl") });
      assert.deepEqual(resultUrls(res.body), ["/information/axolotl-licences"]);
    });

    test("the services A to Z lists every service by subject, with letters to jump to", async () => {
      const res = await t.app.inject({ url: "/services" });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<title>Services A to Z &ndash; /);
      for (const href of [
        "/services/report-a-theft",
        "/services/report-antisocial-behaviour",
        "/services/report-a-road-traffic-collision",
        "/services/compliments-complaints-feedback",
        "/track",
      ]) {
        assert.ok(res.body.includes(`href="${href}"`), href);
      }
      assert.match(res.body, /<h2 class="govuk-heading-l bl-a-to-z__heading" id="t">T<\/h2>/);
      assert.match(res.body, /href="#t"/);
      assert.match(
        res.body,
        /Theft:<\/span> <a class="govuk-link" href="\/services\/report-a-theft">/,
      );
      // No advice or news in the A to Z of services.
      assert.doesNotMatch(res.body, /href="\/advice\/quokka-safety"/);
    });

    test("every public page has the search box in its header, but /search itself", async () => {
      const home = await t.app.inject({ url: "/" });
      assert.match(home.body, /<form action="\/search" method="get" role="search"/);
      assert.match(
        home.body,
        /<label class="govuk-label govuk-visually-hidden" for="header-search-q">/,
      );
      const page = await t.app.inject({ url: search("theft") });
      assert.equal((page.body.match(/role="search"/g) ?? []).length, 1);
    });
  });
}

// The server as `npm start` runs it, logging every request at info: the query is not there.
test("site search: the query text never reaches the log", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-search-log-"));
  const child = spawn(process.execPath, ["src/server.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      NODE_ENV: "development",
      NEIGHBOURHOOD_DATA: "none",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  try {
    const until = Date.now() + 20_000;
    let origin: string | undefined;
    while (!origin && Date.now() < until) {
      origin = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (!origin) await sleep(50);
    }
    assert.ok(origin, output);
    const res = await fetch(`${origin}${search("my neighbour Jo Bloggs hit me")}`);
    assert.equal(res.status, 200);
    await res.text();
    await sleep(200);
    assert.match(output, /"path":"\/search"/);
    assert.doesNotMatch(output, /Bloggs|neighbour/);
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
