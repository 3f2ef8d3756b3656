// "Your area" over HTTP, on both dialects: finding an area by postcode or name without
// JavaScript, with clear errors; the area and borough pages with their team, their crime
// figures in words, charts and tables, advice and report links, and the data's attribution.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { areaByCode, postcodeAreaLookup } from "../../src/neighbourhoods/area-lookup.ts";
import { importCrimeFiles } from "../../src/neighbourhoods/import.ts";
import { londonSeedDir } from "../../src/neighbourhoods/seed.ts";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = path.join(root, "src/neighbourhoods/fixtures");
const cityMonths = ["2024-01", "2024-02", "2024-03"].map((m) =>
  path.join(londonSeedDir, `crime/city-of-london/${m}-city-of-london-street.csv.gz`),
);

async function search(t: TestApp, q: string) {
  const page = await t.app.inject({ url: "/area" });
  const { token, cookies } = formState(page);
  return t.app.inject({
    method: "POST",
    url: "/area",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(cookies),
    },
    payload: new URLSearchParams({ _csrf: token ?? "", q }).toString(),
  });
}

const text = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");

for (const dialect of testDialects()) {
  describe(`your area (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(dialect);
      await importCrimeFiles(t.database.handle.db, [
        path.join(fixtures, "mps-ward-level-sample.csv.gz"),
        path.join(fixtures, "postcodes-sample.csv"),
        ...cityMonths,
      ]);
      t.app.neighbourhoods.invalidate();
    });
    after(() => t.close());

    test("before any postcodes are loaded, a postcode search says so and offers the other ways", async () => {
      const bare = await buildTestApp(dialect);
      try {
        const res = await search(bare, "NW1 7AA");
        assert.equal(res.statusCode, 422);
        assert.match(res.body, /Searching by postcode is not available yet/);
      } finally {
        await bare.close();
      }
    });

    test("the find page has a labelled search box and every borough, and needs no script", async () => {
      const res = await t.app.inject({ url: "/area" });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<label class="govuk-label govuk-label--m" for="q">/);
      assert.match(res.body, /<form method="post" action="\/area"/);
      assert.equal(res.body.match(/href="\/area\/[a-z-]+"/g)?.length, 33);
    });

    test("a full postcode goes straight to its area", async () => {
      const res = await search(t, "nw1 7aa");
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, "/area/camden/camden-town");
    });

    test("the first half of a postcode lists the areas it covers and asks for the rest", async () => {
      const res = await search(t, "NW1");
      assert.equal(res.statusCode, 200);
      assert.match(text(res.body), /NW1 is only the first part of a postcode/);
      assert.match(res.body, /href="\/area\/camden\/camden-town"/);
    });

    test("a malformed postcode gets the error pattern, keeping what was typed", async () => {
      const res = await search(t, "SW1A 1AAA");
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /<title>Error: Your area &ndash; /);
      assert.match(res.body, /govuk-error-summary/);
      assert.match(
        res.body,
        /href="#q">Enter a real postcode, like SW1A 1AA, or the name of an area/,
      );
      assert.match(res.body, /value="SW1A 1AAA"/);
    });

    test("an empty search, an unknown postcode and an unknown name each say what to do", async () => {
      const empty = await search(t, "  ");
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Enter a postcode or the name of an area/);
      const unknown = await search(t, "ZZ9 9ZZ");
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /We cannot find the postcode ZZ9 9ZZ/);
      const nowhere = await search(t, "Atlantis");
      assert.equal(nowhere.statusCode, 422);
      assert.match(text(nowhere.body), /We cannot find an area called "Atlantis"/);
    });

    test("a name finds areas and boroughs; a unique name goes straight there", async () => {
      const one = await search(t, "camden town");
      assert.equal(one.statusCode, 303);
      assert.equal(one.headers.location, "/area/camden/camden-town");
      const many = await search(t, "Camden");
      assert.equal(many.statusCode, 200);
      assert.match(many.body, /href="\/area\/camden"/);
      assert.ok((many.body.match(/href="\/area\/camden\/[a-z-]+"/g) ?? []).length > 10);
    });

    test("an area page: team, contact, priorities and events", async () => {
      const res = await t.app.inject({ url: "/area/camden/camden-town" });
      assert.equal(res.statusCode, 200);
      const body = text(res.body);
      assert.match(res.body, /<title>Camden Town, Camden &ndash; /);
      assert.match(body, /Your neighbourhood team/);
      assert.match(body, /Sergeant/);
      assert.match(res.body, /href="mailto:camdentown\.snt@example\.police\.uk"/);
      assert.match(body, /In an emergency, call 999/);
      assert.match(body, /What the team is working on/);
      assert.match(body, /Meet your Camden Town team/);
      assert.match(body, /demonstration data/);
    });

    test("an area page: crime in words, a table by type, advice and report links", async () => {
      const res = await t.app.inject({ url: "/area/camden/camden-town" });
      const body = text(res.body);
      assert.match(body, /from April 2025 to March 2026/);
      assert.match(body, /Crime overall is (lower|higher|about the same)/);
      assert.match(
        res.body,
        /<caption class="govuk-table__caption govuk-table__caption--m">Crimes by type, most common first/,
      );
      assert.match(body, /Violence and sexual offences 767 707 About the same/);
      assert.match(body, /Theft from the person 686 1140 Down 40%/);
      assert.match(res.body, /href="\/advice\?category=violent-crime"/);
      assert.match(
        res.body,
        /href="\/services\/report-a-theft\?category=[a-z-]+&amp;area=E05013655"/,
      );
      assert.match(body, /They do not include antisocial behaviour/);
      assert.match(
        body,
        /Contains public sector information licensed under the Open Government Licence v3\.0\./,
      );
      assert.match(body, /The latest figures are for March 2026/);
    });

    test("an area page: each chart is an SVG image with a table of the same numbers", async () => {
      const res = await t.app.inject({ url: "/area/camden/camden-town" });
      const charts = res.body.match(/<svg [^>]*role="img"/g) ?? [];
      assert.ok(charts.length >= 3, `${charts.length} charts`);
      const titles = res.body.match(/<title id="[^"]+">[^<]+<\/title>/g) ?? [];
      assert.equal(titles.length, charts.length);
      assert.match(res.body, /Show the numbers for these charts/);
      // One table holds each month's count for every chart, all crime first, as the charts.
      const trendTable = /Crimes each month, by type<\/caption>([\s\S]*?)<\/table>/.exec(res.body);
      assert.ok(trendTable, "a table of the charts' numbers");
      const head = [...trendTable[1].matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map(
        (m) => m[1],
      );
      assert.deepEqual(head.slice(0, 2), ["Month", "All crime"]);
      // The month, then a column per trend chart: every chart but the comparison.
      assert.equal(head.length, charts.length);
      assert.match(text(trendTable[1]), /March 2026 287 /);
      assert.equal(trendTable[1].match(/<th scope="row"/g)?.length, 24);
      assert.match(text(res.body), /Compared with other areas/);
      // No populations ship with the demo: said in plain words, naming the areas.
      assert.match(
        text(res.body),
        /We do not have population figures for Camden Town, Camden and London, so we cannot compare crime per 1,000 residents\./,
      );
      assert.match(text(res.body), /Average for Camden/);
      assert.match(text(res.body), /Average for London/);
      // The table row for all crime: this area, the borough's and London's averages.
      const allCrime = /All crime ([\d,.]+) ([\d,.]+) ([\d,.]+)/.exec(text(res.body));
      assert.ok(allCrime, "a row of three numbers for all crime");
      assert.equal(allCrime[1], "3,357");
      assert.ok(Number(allCrime[3].replace(/,/g, "")) > 0, "London's average is not zero");
    });

    test("a page kept in memory still has each view's own CSP nonce, and no cookie", async () => {
      const nonces = new Set<string>();
      for (const url of ["/area/camden/camden-town", "/area/camden/camden-town", "/area/camden"]) {
        for (let i = 0; i < 2; i++) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 200);
          const policy = String(res.headers["content-security-policy"]);
          const inPolicy = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(policy)?.[1];
          const onPage = [...res.body.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]);
          assert.ok(inPolicy, "a nonce in the policy");
          assert.ok(onPage.length > 0, "the inline script has a nonce");
          for (const nonce of onPage) assert.equal(nonce, inPolicy);
          assert.equal(res.headers["set-cookie"], undefined);
          nonces.add(inPolicy);
        }
      }
      assert.equal(nonces.size, 6, "a new nonce for every view");
    });

    test("an area without an earlier year says it cannot compare, and small numbers are not over-read", async () => {
      const res = await t.app.inject({ url: "/area/city-of-london/bishopsgate" });
      assert.equal(res.statusCode, 200);
      const body = text(res.body);
      assert.match(
        body,
        /We do not have figures for .*so the totals for the last 12 months are lower/,
      );
      assert.match(
        body,
        /We do not have figures for the 12 months before, so we cannot say whether it is going up or down/,
      );
      assert.doesNotMatch(body, /much higher|much lower/);
    });

    test("a borough page lists its neighbourhoods and its crime", async () => {
      const res = await t.app.inject({ url: "/area/camden" });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<title>Camden &ndash; /);
      assert.match(res.body, /href="\/area\/camden\/camden-town"/);
      assert.match(text(res.body), /Crime in Camden/);
    });

    test("unknown boroughs and areas are 404 pages", async () => {
      for (const url of ["/area/atlantis", "/area/camden/atlantis", "/area/atlantis/camden-town"]) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /Page not found/);
      }
    });
  });
}

describe("the demo's London (sqlite)", () => {
  test("comes up with boundaries at once and loads the shipped figures and postcodes behind", async () => {
    const t = await buildTestApp("sqlite", { NEIGHBOURHOOD_DATA: "demo" });
    try {
      // Before the background load finishes the site already answers.
      assert.equal((await t.app.inject({ url: "/" })).statusCode, 200);
      assert.equal((await t.app.inject({ url: "/area/camden/camden-town" })).statusCode, 200);
      await t.app.neighbourhoods.idle();
      const page = await t.app.inject({ url: "/area/camden/camden-town" });
      assert.match(text(page.body), /Crime overall is lower than the year before, down 21%/);
      const city = await t.app.inject({ url: "/area/city-of-london/bishopsgate" });
      assert.match(text(city.body), /from May 2024 to April 2025/);
      const found = await search(t, "SW1A 1AA");
      assert.equal(found.statusCode, 303);
      assert.match(String(found.headers.location), /^\/area\/westminster\//);
    } finally {
      await t.close();
    }
  });
});

for (const dialect of testDialects()) {
  describe(`postcode area lookup for routing reports (${dialect})`, () => {
    test("a postcode gives its neighbourhood and borough; anything else gives nothing", async () => {
      const t = await buildTestApp(dialect);
      try {
        await importCrimeFiles(t.database.handle.db, [path.join(fixtures, "postcodes-sample.csv")]);
        const lookup = postcodeAreaLookup(t.database.handle.db);
        assert.deepEqual(await lookup("nw1 7aa"), {
          neighbourhood: "E05013655",
          neighbourhoodName: "Camden Town",
          borough: "E09000007",
          boroughName: "Camden",
        });
        assert.equal(await lookup("ZZ9 9ZZ"), undefined);
        assert.equal(await lookup("NW1"), undefined);
        // A code from an area page's link: a neighbourhood with its borough, or a borough.
        const byCode = areaByCode(t.database.handle.db);
        assert.deepEqual(await byCode("E05013655"), await lookup("NW1 7AA"));
        assert.deepEqual(await byCode("E09000007"), {
          borough: "E09000007",
          boroughName: "Camden",
        });
        assert.equal(await byCode("E99999999"), undefined);
      } finally {
        await t.close();
      }
    });
  });
}

describe("neighbourhood settings", () => {
  test("NEIGHBOURHOOD_DATA defaults by environment and refuses anything else", () => {
    assert.equal(loadConfig({ NODE_ENV: "development" }).neighbourhoods.data, "demo");
    assert.equal(loadConfig({ NODE_ENV: "test" }).neighbourhoods.data, "boundaries");
    const production = {
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(32),
      PUBLIC_URL: "https://example.org",
    };
    assert.equal(loadConfig(production).neighbourhoods.data, "none");
    assert.equal(
      loadConfig({ ...production, NEIGHBOURHOOD_DATA: "demo" }).neighbourhoods.data,
      "demo",
    );
    assert.equal(loadConfig({}).neighbourhoods.regionName, "London");
    assert.equal(loadConfig({ REGION_NAME: "Northshire" }).neighbourhoods.regionName, "Northshire");
    assert.throws(() => loadConfig({ NEIGHBOURHOOD_DATA: "all" }), ConfigError);
  });
});
