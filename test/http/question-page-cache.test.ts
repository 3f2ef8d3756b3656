// Question pages that show nothing of the person's own are kept whole and served from memory,
// and check your answers is kept but for its rows (src/forms/runner/question-pages.ts). What
// a person sees must not change for it: every page of journeys that take every branch of
// every shipped form, check your answers included, is byte for byte the page the app renders
// without keeping pages (development mode) except for the nonce and CSRF token, which are
// each response's own and work; and a page showing an answer is never kept.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CHECK_ANSWERS, type FormDefinition } from "../../src/forms/engine/index.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { fixedNow, shippedForms, TODAY } from "../journeys/forms.ts";
import { planJourneys } from "../journeys/planner.ts";
import { location, type Response, Visitor } from "../journeys/visitor.ts";

const url = (form: FormDefinition, page: string) => `/services/${form.id}/${page}`;

/** The nonce on the page: it must be the one in this response's CSP header. */
function nonceOf(response: Response): string {
  const nonces = [...response.body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(nonces.length > 0, "the page has a nonce");
  const csp = String(response.headers["content-security-policy"]);
  for (const nonce of nonces) assert.ok(csp.includes(`'nonce-${nonce}'`), "the CSP allows it");
  return nonces[0];
}

/** The page with this response's own values taken out. */
function withoutOwnValues(response: Response): string {
  return response.body
    .replace(/nonce="[^"]+"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
}

describe("question pages kept in memory", () => {
  const dialect = testDialects()[0];
  let kept: TestApp;
  let rendered: TestApp;
  before(async () => {
    const env = { POST_RATE_LIMIT: "1000000", NEIGHBOURHOOD_DATA: "boundaries" };
    kept = await buildTestApp(dialect, env, { now: fixedNow });
    rendered = await buildTestApp(
      dialect,
      { ...env, NODE_ENV: "development", LOG_LEVEL: "warn" },
      { now: fixedNow },
    );
  });
  after(async () => {
    await kept?.close();
    await rendered?.close();
  });

  for (const form of shippedForms) {
    test(`${form.id}: every page on every branch is the page a render gives`, async () => {
      const { journeys } = planJourneys(form, TODAY);
      for (const journey of journeys) {
        // Two people on the app that keeps pages (the second is served what the first's views
        // left in memory) and one on the app that renders every time.
        const people = [new Visitor(kept.app), new Visitor(kept.app), new Visitor(rendered.app)];
        for (const step of journey.steps) {
          const pages = await Promise.all(people.map((person) => person.get(url(form, step.page))));
          for (const page of pages) assert.equal(page.statusCode, 200, `GET ${step.page}`);
          const [first, second, render] = pages.map(withoutOwnValues);
          assert.equal(first, render, `${step.page}: kept and rendered differ`);
          assert.equal(second, render, `${step.page}: a second view differs`);
          const nonces = pages.map(nonceOf);
          assert.equal(new Set(nonces).size, 3, `${step.page}: each response has its own nonce`);
          for (const person of people) {
            const posted = await person.post(url(form, step.page), step.body);
            assert.equal(posted.statusCode, 303, `POST ${step.page} with the page's own token`);
            assert.equal(location(posted), url(form, step.goto));
          }
        }
        if (journey.end !== CHECK_ANSWERS) continue;
        const pages = await Promise.all(
          people.map((person) => person.get(url(form, CHECK_ANSWERS))),
        );
        for (const page of pages) assert.equal(page.statusCode, 200, "GET check-answers");
        const [first, second, render] = pages.map(withoutOwnValues);
        assert.equal(first, render, "check your answers: kept and rendered differ");
        assert.equal(second, render, "check your answers: a second view differs");
        assert.equal(new Set(pages.map(nonceOf)).size, 3, "each response has its own nonce");
      }
    });
  }

  test("check your answers shows each person their own answers, whatever they typed", async () => {
    const form = shippedForms.find((f) => f.id === "report-a-theft");
    assert.ok(form);
    const journey = planJourneys(form, TODAY).journeys.find(
      (j) => j.end === CHECK_ANSWERS && j.steps.some((step) => step.page === "item-description"),
    );
    assert.ok(journey, "a journey to check your answers that describes the item");
    const rowsOf = (body: string) => body.slice(body.indexOf("<dl"), body.indexOf("</dl>"));
    // The same way through the form, so the same kept page, but each person describes the
    // item in their own words: one with characters outside Latin-1 and markup.
    const descriptions = ["Ørjan’s Łada key fob 🚲 <b>blue</b>", "A grey phone"];
    const seen: string[] = [];
    for (const description of descriptions) {
      const person = new Visitor(kept.app);
      for (const step of journey.steps) {
        await person.get(url(form, step.page));
        const body =
          step.page === "item-description" ? { "item-description": description } : step.body;
        assert.equal((await person.post(url(form, step.page), body)).statusCode, 303, step.page);
      }
      const page = await person.get(url(form, CHECK_ANSWERS));
      assert.equal(page.statusCode, 200);
      seen.push(rowsOf(page.body));
    }
    assert.ok(seen[0].includes("Ørjan’s Łada key fob 🚲 &lt;b&gt;blue&lt;/b&gt;"), "escaped, whole");
    assert.ok(!seen[0].includes("A grey phone"));
    assert.ok(seen[1].includes("A grey phone"), "the second person's own answer");
    assert.ok(!seen[1].includes("Łada"), "and not the first person's");
  });

  test("a page showing someone's answer is shown to them alone, and never kept", async () => {
    const form = shippedForms.find((f) => f.id === "report-a-theft");
    assert.ok(form);
    const someone = new Visitor(kept.app);
    await someone.get(url(form, "emergency"));
    assert.equal((await someone.post(url(form, "emergency"), { emergency: "no" })).statusCode, 303);
    const again = await someone.get(url(form, "emergency"));
    assert.match(again.body, /value="no" checked/, "their answer is on their page");

    const someoneElse = new Visitor(kept.app);
    const theirs = await someoneElse.get(url(form, "emergency"));
    assert.doesNotMatch(theirs.body, /checked/, "nobody else sees it");
    const another = await new Visitor(kept.app).get(url(form, "emergency"));
    assert.equal(withoutOwnValues(another), withoutOwnValues(theirs));
  });

  test("a token from one person's copy of a kept page does not work for another", async () => {
    const form = shippedForms[0];
    const [a, b] = [new Visitor(kept.app), new Visitor(kept.app)];
    await a.get(url(form, "emergency"));
    await b.get(url(form, "emergency"));
    assert.ok(a.token && b.token);
    assert.notEqual(a.token, b.token);
    b.token = a.token;
    const refused = await b.post(url(form, "emergency"), { emergency: "no" });
    assert.equal(refused.statusCode, 403);
  });
});
