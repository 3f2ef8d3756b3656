// Neighbourhood teams in the back office: a supervisor or an admin finds an area and adds,
// changes and removes its people, priorities and events; the public area page and the API
// show each change at once, and every change is audited. Others get 403; signed-out
// visitors are sent to sign in; a form without its CSRF token is refused.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findNeighbourhood } from "../../src/neighbourhoods/repository.ts";
import { buildTestApp, cookieHeader, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, signIn } from "../helpers/staff.ts";

const AREA = "E05013655";
const PAGE = `/staff/neighbourhoods/${AREA}`;

for (const dialect of testDialects()) {
  describe(`back office: neighbourhood teams (${dialect})`, () => {
    let t: TestApp;
    let publicPath: string;
    before(async () => {
      t = await buildTestApp(dialect);
      const area = await findNeighbourhood(t.database.handle.db, AREA);
      assert.ok(area, "the boundaries are loaded");
      publicPath = `/area/${area.borough_slug}/${area.slug}`;
    });
    after(() => t.close());

    const api = async (what: string) =>
      (await t.app.inject({ url: `/api/metropolitan/${AREA}/${what}` })).json();
    const publicPage = async () => (await t.app.inject({ url: publicPath })).body;
    const audits = async (action: string) =>
      t.database.handle.db
        .selectFrom("audit_log")
        .select(["staff_id", "detail"])
        .where("action", "=", action)
        .execute();

    test("officers and editors get 403, and their forms change nothing", async () => {
      const db = t.database.handle.db;
      for (const role of ["officer", "editor"] as const) {
        const browser = await signIn(t.app, await createTestStaff(db, { role }));
        const home = await browser.get("/staff");
        assert.doesNotMatch(home.body, /href="\/staff\/neighbourhoods"/, `${role}: no nav item`);
        for (const url of ["/staff/neighbourhoods", PAGE, `${PAGE}/priorities/new`]) {
          const res = await browser.get(url);
          assert.equal(res.statusCode, 403, `${role} GET ${url}`);
        }
        const res = await browser.post(
          `${PAGE}/priorities/new`,
          { issue: "Not allowed", issueDate: "2026-12-01" },
          "/staff",
        );
        assert.equal(res.statusCode, 403, `${role} POST`);
        const removed = await browser.post(`${PAGE}/people/${AREA}-person-1/remove`, {}, "/staff");
        assert.equal(removed.statusCode, 403, `${role} POST remove`);
      }
      assert.equal((await api("priorities")).length, 2);
      assert.equal((await api("people")).length, 3);
    });

    test("signed out: every page and form sends you to sign in", async () => {
      for (const url of ["/staff/neighbourhoods", PAGE, `${PAGE}/events/new`]) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 303, url);
        assert.match(String(res.headers.location), /^\/staff\/sign-in\?/);
      }
      const res = await t.app.inject({
        method: "POST",
        url: `${PAGE}/events/new`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "title=x",
      });
      assert.ok([303, 403].includes(res.statusCode), `POST signed out: ${res.statusCode}`);
      assert.equal((await api("events")).length, 1);
    });

    test("a supervisor finds the area by borough and by name", async () => {
      const db = t.database.handle.db;
      const area = (await findNeighbourhood(db, AREA))!;
      const browser = await signIn(t.app, await createTestStaff(db, { role: "supervisor" }));
      const home = await browser.get("/staff");
      assert.match(home.body, /href="\/staff\/neighbourhoods"/);
      const list = await browser.get("/staff/neighbourhoods");
      assert.equal(list.statusCode, 200);
      assert.match(
        list.body,
        new RegExp(`href="/staff/neighbourhoods\\?borough=${area.borough_slug}"`),
      );
      const borough = await browser.get(`/staff/neighbourhoods?borough=${area.borough_slug}`);
      assert.equal(borough.statusCode, 200);
      assert.match(borough.body, new RegExp(`href="${PAGE}"`));
      const found = await browser.get(`/staff/neighbourhoods?q=${encodeURIComponent(area.name)}`);
      assert.match(found.body, new RegExp(`href="${PAGE}"`));
      const none = await browser.get("/staff/neighbourhoods?q=zzzz-nowhere");
      assert.match(none.body, /0 neighbourhoods matching/);
      assert.equal((await browser.get("/staff/neighbourhoods?borough=nowhere")).statusCode, 404);
      assert.equal((await browser.get("/staff/neighbourhoods/E05999999")).statusCode, 404);
      assert.equal((await browser.get(`${PAGE}/nonsense/new`)).statusCode, 404);
      assert.equal((await browser.get(`${PAGE}/people/no-such-person`)).statusCode, 404);
      const page = await browser.get(PAGE);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`href="${publicPath}"`));
    });

    test("a supervisor adds, changes and removes a priority; the public sees each change", async () => {
      const db = t.database.handle.db;
      const supervisor = await createTestStaff(db, { role: "supervisor" });
      const browser = await signIn(t.app, supervisor);
      await publicPage(); // cached before the change: the change must empty the cache

      const bad = await browser.post(`${PAGE}/priorities/new`, {
        issue: "",
        issueDate: "2026-02-30",
        action: "Kept as typed",
        actionDate: "soon",
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /<title>Error: Add a priority/);
      assert.match(bad.body, /govuk-error-summary/);
      for (const href of ["#issue", "#issueDate", "#actionDate"])
        assert.match(bad.body, new RegExp(`<a href="${href}">`), href);
      assert.match(bad.body, /Enter the issue/);
      assert.match(bad.body, /must be a real date/);
      assert.match(bad.body, /Kept as typed/);

      const added = await browser.post(`${PAGE}/priorities/new`, {
        issue: "Bikes ridden on the pavement",
        issueDate: "2026-11-20",
        action: "Patrols on Saturday afternoons",
        actionDate: "",
      });
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, `${PAGE}#priorities`);
      const after = await browser.get(PAGE);
      assert.match(after.body, /Bikes ridden on the pavement/);
      assert.match(after.body, /is added/);

      assert.match(await publicPage(), /Bikes ridden on the pavement/);
      const listed = await api("priorities");
      assert.equal(listed.length, 3);
      assert.deepEqual(listed.at(-1), {
        action: "Patrols on Saturday afternoons",
        "issue-date": "2026-11-20T00:00:00",
        "action-date": null,
        issue: "Bikes ridden on the pavement",
      });
      const [audit] = await audits("neighbourhood-priority-added");
      assert.equal(audit.staff_id, supervisor.id);
      const detail = JSON.parse(audit.detail);
      assert.equal(detail.neighbourhoodId, AREA);
      const id = detail.id as string;

      const edit = await browser.get(`${PAGE}/priorities/${id}`);
      assert.match(edit.body, /value="2026-11-20"/);
      const changed = await browser.post(`${PAGE}/priorities/${id}`, {
        issue: "Bikes and e-scooters on the pavement",
        issueDate: "2026-11-20",
        action: "Patrols on Saturday afternoons",
        actionDate: "2026-12-01",
      });
      assert.equal(changed.statusCode, 303);
      assert.match(await publicPage(), /Bikes and e-scooters on the pavement/);
      assert.equal((await api("priorities")).at(-1)["action-date"], "2026-12-01T00:00:00");
      assert.equal((await audits("neighbourhood-priority-changed")).length, 1);

      const removed = await browser.post(`${PAGE}/priorities/${id}/remove`, {}, PAGE);
      assert.equal(removed.statusCode, 303);
      assert.doesNotMatch(await publicPage(), /e-scooters on the pavement/);
      assert.equal((await api("priorities")).length, 2);
      assert.equal((await audits("neighbourhood-priority-removed")).length, 1);
    });

    test("an admin adds, changes and removes an event and a team member", async () => {
      const db = t.database.handle.db;
      const browser = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
      await publicPage();

      const bad = await browser.post(`${PAGE}/events/new`, {
        title: "Street surgery",
        type: "",
        address: "",
        date: "2026-12-10",
        startTime: "18:00",
        endTime: "17:00",
      });
      assert.equal(bad.statusCode, 422);
      for (const href of ["#type", "#address", "#endTime"])
        assert.match(bad.body, new RegExp(`<a href="${href}">`), href);
      assert.match(bad.body, /End time must be after the start time/);
      assert.match(bad.body, /value="Street surgery"/);

      const added = await browser.post(`${PAGE}/events/new`, {
        title: "Street surgery",
        type: "surgery",
        description: "Drop in with any concern.",
        address: "Outside the post office",
        date: "2026-12-10",
        startTime: "9:30",
        endTime: "11:00",
      });
      assert.equal(added.statusCode, 303);
      assert.match(await publicPage(), /Street surgery/);
      const event = (await api("events")).find(
        (e: { title: string }) => e.title === "Street surgery",
      );
      assert.equal(event.start_date, "2026-12-10T09:30:00");
      assert.equal(event.end_date, "2026-12-10T11:00:00");
      assert.equal(event.type, "surgery");
      const eventId = JSON.parse((await audits("neighbourhood-event-added"))[0].detail).id;
      const changed = await browser.post(`${PAGE}/events/${eventId}`, {
        title: "Street surgery (moved)",
        type: "surgery",
        description: "",
        address: "Outside the library",
        date: "2026-12-11",
        startTime: "10:00",
        endTime: "",
      });
      assert.equal(changed.statusCode, 303);
      assert.match(await publicPage(), /Outside the library/);
      assert.equal((await audits("neighbourhood-event-changed")).length, 1);
      const removed = await browser.post(`${PAGE}/events/${eventId}/remove`, {}, PAGE);
      assert.equal(removed.statusCode, 303);
      assert.doesNotMatch(await publicPage(), /Street surgery/);
      assert.equal((await api("events")).length, 1);

      const badPerson = await browser.post(`${PAGE}/people/new`, {
        name: "",
        rank: "x".repeat(101),
      });
      assert.equal(badPerson.statusCode, 422);
      assert.match(badPerson.body, /Enter their name/);
      assert.match(badPerson.body, /Rank or role must be 100 characters or fewer/);
      const person = await browser.post(`${PAGE}/people/new`, {
        name: "Priya Okafor",
        rank: "Police Constable",
        bio: "Walks the high street most days.",
      });
      assert.equal(person.statusCode, 303);
      assert.match(await publicPage(), /Priya Okafor/);
      const people = await api("people");
      assert.equal(people.length, 4);
      assert.deepEqual(people.at(-1), {
        bio: "Walks the high street most days.",
        contact_details: {},
        name: "Priya Okafor",
        rank: "Police Constable",
      });
      const seeded = `${AREA}-person-1`;
      const renamed = await browser.post(`${PAGE}/people/${seeded}`, {
        name: "Sam Seeded",
        rank: "Sergeant",
        bio: "",
      });
      assert.equal(renamed.statusCode, 303);
      assert.equal((await api("people"))[0].name, "Sam Seeded", "keeps its place");
      const gone = await browser.post(`${PAGE}/people/${seeded}/remove`, {}, PAGE);
      assert.equal(gone.statusCode, 303);
      assert.doesNotMatch(await publicPage(), /Sam Seeded/);
      assert.equal((await api("people")).length, 3);
      assert.equal((await audits("neighbourhood-person-removed")).length, 1);
    });

    test("a form without its CSRF token is refused and changes nothing", async () => {
      const db = t.database.handle.db;
      const browser = await signIn(t.app, await createTestStaff(db, { role: "supervisor" }));
      const res = await t.app.inject({
        method: "POST",
        url: `${PAGE}/priorities/new`,
        headers: {
          cookie: cookieHeader(browser.cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ issue: "No token", issueDate: "2026-12-01" }).toString(),
      });
      assert.equal(res.statusCode, 403);
      const removed = await t.app.inject({
        method: "POST",
        url: `${PAGE}/people/${AREA}-person-2/remove`,
        headers: {
          cookie: cookieHeader(browser.cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: "",
      });
      assert.equal(removed.statusCode, 403);
      assert.ok(!JSON.stringify(await api("priorities")).includes("No token"));
      assert.equal((await api("people")).length, 3);
    });
  });
}
