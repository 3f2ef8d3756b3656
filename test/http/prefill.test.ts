// Reporting from an area page: the report button's link fills in the crime category and the
// area (the form's `prefill:`). The start page says what it fills in and starts the journey
// only on its POST; the person still answers every page, with the suggestion already chosen;
// check your answers shows the area, and routing uses it when no postcode places the report.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { categoryBySlug, reportLink } from "../../src/neighbourhoods/categories.ts";
import { importCrimeFiles } from "../../src/neighbourhoods/import.ts";
import { cookieName } from "../../src/platform/cookies.ts";
import { buildTestApp, cookieHeader, formState, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import type { PageAnswers } from "../helpers/journey.ts";
import { createTestStaff, signIn } from "../helpers/staff.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = path.join(root, "src/neighbourhoods/fixtures");
const CAMDEN_TOWN = "E05013655";

const decodeAmp = (html: string) => html.replace(/&amp;/g, "&");
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

/** One browser: its cookies, and GET and POST with the CSRF token of the page it is on. */
function visitor(t: TestApp) {
  const cookies: Record<string, string> = {};
  const keep = (res: { cookies: Array<{ name: string; value: string }> }) => {
    for (const c of res.cookies) cookies[c.name] = c.value;
  };
  let token = "";
  return {
    cookies,
    async get(url: string) {
      const res = await t.app.inject({ url, headers: { cookie: cookieHeader(cookies) } });
      keep(res);
      token = formState(res).token ?? token;
      return res;
    },
    async post(url: string, body: Record<string, string | string[]>) {
      const params = new URLSearchParams({ _csrf: token });
      for (const [key, value] of Object.entries(body)) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
      }
      const res = await t.app.inject({
        method: "POST",
        url,
        headers: {
          cookie: cookieHeader(cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: params.toString(),
      });
      keep(res);
      return res;
    },
  };
}

/** The hidden fields of the start page's form, as the browser would send them. */
function hiddenFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/services\/[^"]+" novalidate>([\s\S]*?)<\/form>/.exec(
    html,
  )?.[1];
  assert.ok(form, "the start page has a form to start with");
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] !== "_csrf") fields[m[1]] = decodeAmp(m[2]);
  }
  return fields;
}

/**
 * Answers every page the site sends the visitor to, from `answers` by page id, and sends
 * check your answers. Each page's HTML is kept by page id, to look at afterwards.
 */
async function walk(
  t: TestApp,
  v: ReturnType<typeof visitor>,
  formId: string,
  answers: PageAnswers,
  from: string,
  options: { stopAtCheckAnswers?: boolean } = {},
) {
  const seen = new Map<string, string>();
  const base = `/services/${formId}`;
  let url = from;
  for (let step = 0; step < 60; step++) {
    const page = await v.get(url);
    assert.equal(page.statusCode, 200, `GET ${url}`);
    const pageId = url.slice(base.length + 1).split("?")[0];
    seen.set(pageId, page.body);
    if (pageId === "check-answers" && options.stopAtCheckAnswers) return { seen, team: undefined };
    const body = pageId === "check-answers" ? {} : answers[pageId];
    assert.ok(body, `no answer given for the page "${pageId}"`);
    const res = await v.post(url, body);
    assert.equal(res.statusCode, 303, `POST ${url}`);
    url = String(res.headers.location);
    if (url === `${base}/confirmation`) {
      const confirmation = await v.get(url);
      const reference = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/.exec(confirmation.body)?.[0];
      assert.ok(reference);
      const row = await t.database.handle.db
        .selectFrom("cases")
        .select(["team_id"])
        .where("reference", "=", reference)
        .executeTakeFirstOrThrow();
      return { seen, team: row.team_id, reference };
    }
  }
  throw new Error("the journey did not finish");
}

const theftFromThePerson: PageAnswers = {
  emergency: { emergency: "no" },
  "how-stolen": { "how-stolen": "from-person" },
  "what-stolen": { "what-stolen": ["bag"] },
  "item-description": { "item-description": "A brown leather bag" },
  "when-date": { "when-date-day": "2", "when-date-month": "12", "when-date-year": "2026" },
  "when-time": { "when-time": "evening" },
  "where-known": { "where-known": "description" },
  "where-description": { "where-description": "Outside the station" },
  value: { value: "80" },
  "saw-suspect": { "saw-suspect": "no" },
  witnesses: { witnesses: "no" },
  cctv: { cctv: "no" },
  contact: { contact: "no" },
  "stay-anonymous": { "stay-anonymous": "yes" },
};

const antisocialByTheCanal: PageAnswers = {
  emergency: { emergency: "no" },
  "asb-type": { "asb-type": ["rowdy"] },
  "happening-now": { "happening-now": "no" },
  "where-known": { "where-known": "description" },
  "where-description": { "where-description": "On the towpath by the lock" },
  "how-often": { "how-often": "weekly" },
  "how-long": { "how-long": "one-to-six-months" },
  "reported-before": { "reported-before": "no" },
  "what-happened": { "what-happened": "Groups shouting and throwing bottles late at night" },
  "people-known": { "people-known": "no" },
  effect: { effect: ["sleep"] },
  support: { support: "no" },
  contact: { contact: "no" },
  "stay-anonymous": { "stay-anonymous": "yes" },
};

for (const dialect of testDialects()) {
  describe(`reporting from an area page (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(dialect, {}, { now: () => new Date("2026-12-04T10:00:00Z") });
      await importCrimeFiles(t.database.handle.db, [
        path.join(fixtures, "mps-ward-level-sample.csv.gz"),
      ]);
      t.app.neighbourhoods.invalidate();
    });
    after(() => t.close());

    test("the area page's report button fills in the category and the area; the person still answers every page", async () => {
      const v = visitor(t);
      const area = await v.get("/area/camden/camden-town");
      const link = /href="(\/services\/report-a-theft\?category=theft-from-the-person[^"]*)"/.exec(
        area.body,
      )?.[1];
      assert.ok(link, "the area page links to Report a theft for theft from the person");
      assert.equal(
        decodeAmp(link),
        `/services/report-a-theft?category=theft-from-the-person&area=${CAMDEN_TOWN}`,
      );

      // The start page says what it will fill in, and starts nothing.
      const start = await v.get(decodeAmp(link));
      assert.equal(start.statusCode, 200);
      assert.ok(
        !start.cookies.some((c) => c.name === cookieName(t.config, "session")),
        "a GET starts no journey",
      );
      const body = text(start.body);
      assert.match(body, /What we will fill in for you/);
      assert.match(body, /What happened\? Something was stolen from me or from someone with me/);
      assert.match(body, /Area Camden Town, Camden From the link you followed/);
      const fields = hiddenFields(start.body);
      assert.deepEqual(fields, { category: "theft-from-the-person", area: CAMDEN_TOWN });

      // Start: a POST, then the emergency question first, with nothing chosen for it.
      const started = await v.post("/services/report-a-theft", fields);
      assert.equal(started.statusCode, 303);
      assert.equal(started.headers.location, "/services/report-a-theft/emergency");
      const { seen, team } = await walk(
        t,
        v,
        "report-a-theft",
        theftFromThePerson,
        "/services/report-a-theft/emergency",
      );
      assert.deepEqual([...seen.keys()].slice(0, 2), ["emergency", "how-stolen"]);
      assert.doesNotMatch(seen.get("emergency") ?? "", /checked/);
      assert.match(seen.get("how-stolen") ?? "", /value="from-person" checked/);
      assert.equal((seen.get("how-stolen") ?? "").match(/ checked/g)?.length, 1);
      const check = text(seen.get("check-answers") ?? "");
      assert.match(check, /Area Camden Town, Camden From the link you followed/);
      assert.match(check, /What happened\? Something was stolen from me/);
      // Theft from a person goes to triage whatever the area: the form's routing decides.
      assert.equal(team, "online-crime-triage");
    });

    test("a prefilled answer can be changed; the person's answer wins", async () => {
      const v = visitor(t);
      await v.get(`/services/report-a-theft?category=bicycle-theft&area=${CAMDEN_TOWN}`);
      await v.post("/services/report-a-theft", { category: "bicycle-theft", area: CAMDEN_TOWN });
      await v.get("/services/report-a-theft/emergency");
      await v.post("/services/report-a-theft/emergency", { emergency: "no" });
      const page = await v.get("/services/report-a-theft/how-stolen");
      assert.match(page.body, /value="bike" checked/);
      const res = await v.post("/services/report-a-theft/how-stolen", { "how-stolen": "other" });
      assert.equal(res.headers.location, "/services/report-a-theft/what-stolen");
      const back = await v.get("/services/report-a-theft/how-stolen");
      assert.match(back.body, /value="other" checked/);
      assert.doesNotMatch(back.body, /value="bike" checked/);
    });

    test("antisocial behaviour reported from an area page with no postcode goes to that area's team", async () => {
      const v = visitor(t);
      const link = reportLink(categoryBySlug("anti-social-behaviour")!, CAMDEN_TOWN)!;
      const start = await v.get(link.href);
      assert.match(text(start.body), /Area Camden Town, Camden From the link you followed/);
      // The form fills in no answer for this category: only the area is passed on.
      assert.deepEqual(hiddenFields(start.body), { area: CAMDEN_TOWN });
      await v.post("/services/report-antisocial-behaviour", hiddenFields(start.body));
      const { team, seen } = await walk(
        t,
        v,
        "report-antisocial-behaviour",
        antisocialByTheCanal,
        "/services/report-antisocial-behaviour/emergency",
      );
      assert.match(text(seen.get("check-answers") ?? ""), /Area Camden Town, Camden/);
      assert.equal(team, "camden-neighbourhood");
    });

    test("the start page says where its suggestions came from, and only what is filled in", async () => {
      const v = visitor(t);
      const areaOnly = text(
        (await v.get(`/services/report-antisocial-behaviour?area=${CAMDEN_TOWN}`)).body,
      );
      assert.match(areaOnly, /What we will fill in for you/);
      assert.match(areaOnly, /The link you followed told us which area this is about/);
      assert.doesNotMatch(areaOnly, /area page|these answers|chosen/);
      const both = text(
        (await v.get(`/services/report-a-theft?category=bicycle-theft&area=${CAMDEN_TOWN}`)).body,
      );
      assert.match(both, /The link you followed has chosen an answer for you/);
      assert.doesNotMatch(both, /area page|already started/);
    });

    test("following a link part way through a report keeps its answers and adds only what it lacks", async () => {
      const v = visitor(t);
      await v.get("/services/report-a-theft/emergency");
      await v.post("/services/report-a-theft/emergency", { emergency: "no" });
      await v.get("/services/report-a-theft/how-stolen");
      await v.post("/services/report-a-theft/how-stolen", { "how-stolen": "other" });

      // The start page keeps the person's answer out of what it will fill in.
      const start = await v.get(
        `/services/report-a-theft?category=bicycle-theft&area=${CAMDEN_TOWN}`,
      );
      const body = text(start.body);
      assert.match(
        body,
        /You have already started this report. We will keep the answers you have given/,
      );
      assert.doesNotMatch(body, /What happened\?/);
      assert.match(body, /Area Camden Town, Camden/);
      assert.deepEqual(hiddenFields(start.body), { area: CAMDEN_TOWN });

      // Even a POST asking for both only adds the area, and carries on where they left off.
      const res = await v.post("/services/report-a-theft", {
        category: "bicycle-theft",
        area: CAMDEN_TOWN,
      });
      assert.equal(res.headers.location, "/services/report-a-theft/what-stolen");
      const page = await v.get("/services/report-a-theft/how-stolen");
      assert.match(page.body, /value="other" checked/);
      assert.doesNotMatch(page.body, /value="bike" checked/);
      const { seen } = await walk(
        t,
        v,
        "report-a-theft",
        theftFromThePerson,
        "/services/report-a-theft/what-stolen",
      );
      assert.match(text(seen.get("check-answers") ?? ""), /What happened\? Something else/);
      assert.match(text(seen.get("check-answers") ?? ""), /Area Camden Town, Camden/);

      // A second link does not move the area the report was started from.
      const again = visitor(t);
      await again.get(`/services/report-antisocial-behaviour?area=${CAMDEN_TOWN}`);
      await again.post("/services/report-antisocial-behaviour", { area: CAMDEN_TOWN });
      await again.post("/services/report-antisocial-behaviour/emergency", { emergency: "no" });
      const borough = "/services/report-antisocial-behaviour?area=E09000007";
      assert.match(text((await visitor(t).get(borough)).body), /Area Camden From the link/);
      assert.doesNotMatch((await again.get(borough)).body, /What we will fill in/);
    });

    test("a postcode the data cannot place is not overruled by the link's area; the case says where its area came from", async () => {
      const v = visitor(t);
      await v.get(`/services/report-antisocial-behaviour?area=${CAMDEN_TOWN}`);
      await v.post("/services/report-antisocial-behaviour", { area: CAMDEN_TOWN });
      const { team, seen } = await walk(
        t,
        v,
        "report-antisocial-behaviour",
        {
          ...antisocialByTheCanal,
          "where-known": { "where-known": "postcode" },
          "where-postcode": { "where-postcode": "ZE1 0AA" },
        },
        "/services/report-antisocial-behaviour/emergency",
      );
      assert.doesNotMatch(text(seen.get("check-answers") ?? ""), /Camden Town/);
      assert.equal(team, "online-crime-triage");

      // With nothing said about where, the area is used, and the case records that it came
      // from the link, for staff to see.
      const w = visitor(t);
      await w.get(`/services/report-antisocial-behaviour?area=${CAMDEN_TOWN}`);
      await w.post("/services/report-antisocial-behaviour", { area: CAMDEN_TOWN });
      const used = await walk(
        t,
        w,
        "report-antisocial-behaviour",
        antisocialByTheCanal,
        "/services/report-antisocial-behaviour/emergency",
      );
      assert.equal(used.team, "camden-neighbourhood");
      assert.match(
        text(used.seen.get("check-answers") ?? ""),
        /Area Camden Town, Camden From the link you followed. You have not told us where it happened, so we will use this area unless you remove it./,
      );
      const created = await t.database.handle.db
        .selectFrom("case_events")
        .innerJoin("cases", "cases.id", "case_events.case_id")
        .select(["case_events.case_id", "case_events.data"])
        .where("case_events.kind", "=", "created")
        .where("cases.reference", "=", used.reference ?? "")
        .executeTakeFirstOrThrow();
      const { facts } = JSON.parse(String(created.data));
      assert.equal(
        facts["area-source"],
        "link",
        "the case's facts say the area came from the link",
      );
      assert.equal(facts.neighbourhood, CAMDEN_TOWN);
      const officer = await createTestStaff(t.database.handle.db, {
        teamIds: ["camden-neighbourhood"],
      });
      const staff = await signIn(t.app, officer, new Date("2026-12-04T10:00:00Z"));
      const casePage = await staff.get(`/staff/cases/${created.case_id}`);
      assert.equal(casePage.statusCode, 200);
      assert.match(
        text(casePage.body),
        /Area: Camden Town, Camden. The reporter did not say where it happened: this area came from the link they started the report from./,
      );
    });

    test("the person can remove the link's area on check your answers", async () => {
      const v = visitor(t);
      await v.get(`/services/report-antisocial-behaviour?area=${CAMDEN_TOWN}`);
      await v.post("/services/report-antisocial-behaviour", { area: CAMDEN_TOWN });
      const { seen } = await walk(
        t,
        v,
        "report-antisocial-behaviour",
        antisocialByTheCanal,
        "/services/report-antisocial-behaviour/emergency",
        { stopAtCheckAnswers: true },
      );
      const check = seen.get("check-answers") ?? "";
      assert.match(check, /name="remove" value="area"/);
      assert.match(text(check), /Remove area/);
      const removed = await v.post("/services/report-antisocial-behaviour/check-answers", {
        remove: "area",
      });
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, "/services/report-antisocial-behaviour/check-answers");
      const after = await v.get("/services/report-antisocial-behaviour/check-answers");
      assert.doesNotMatch(text(after.body), /Camden Town|Remove area/);
      const sent = await v.post("/services/report-antisocial-behaviour/check-answers", {});
      assert.equal(sent.headers.location, "/services/report-antisocial-behaviour/confirmation");
      const confirmation = await v.get("/services/report-antisocial-behaviour/confirmation");
      const reference = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/.exec(confirmation.body)?.[0];
      assert.ok(reference);
      const row = await t.database.handle.db
        .selectFrom("cases")
        .select(["team_id"])
        .where("reference", "=", reference)
        .executeTakeFirstOrThrow();
      assert.equal(row.team_id, "online-crime-triage");
    });

    test("bad or unknown values are left out with no error: never a 500", async () => {
      const v = visitor(t);
      for (const query of [
        "category=burglary&area=E05999999",
        "category=__proto__&area=%3Cscript%3E",
        "category[]=bicycle-theft&area[x]=1",
        `category=${"x".repeat(5000)}`,
        "category=dont-know",
        "how-stolen=bike",
      ]) {
        const res = await v.get(`/services/report-a-theft?${query}`);
        assert.equal(res.statusCode, 200, query);
        assert.doesNotMatch(res.body, /What we will fill in/, query);
        assert.match(res.body, /href="\/services\/report-a-theft\/emergency"/, query);
      }
      // Two values for one parameter: the first counts.
      const two = await v.get(
        "/services/report-a-theft?category=shoplifting&category=bicycle-theft",
      );
      assert.match(text(two.body), /I work in a shop and saw someone steal from it/);
      // A POST with nothing usable starts nothing and goes to the first question.
      const res = await v.post("/services/report-a-theft", {
        category: "not-a-category",
        area: "",
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, "/services/report-a-theft/emergency");
      assert.equal(v.cookies[cookieName(t.config, "session")], undefined);
      // An unknown form is a 404, not a 500.
      assert.equal((await v.post("/services/no-such-form", { area: CAMDEN_TOWN })).statusCode, 404);
    });

    test("the Start POST needs its CSRF token", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/services/report-a-theft",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `category=bicycle-theft&area=${CAMDEN_TOWN}`,
      });
      assert.equal(res.statusCode, 403);
    });
  });
}
