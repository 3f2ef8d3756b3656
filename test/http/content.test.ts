// Content publishing over HTTP on both dialects: the seeded public pages, the workflow and
// who may do what in it (an editor cannot publish; nobody changes a published revision in
// place), revisions, differences and restore, slugs that move, the staff-only preview,
// scheduled publishing with a clock the test moves, Markdown that tries to run script, the
// plain English rule for publishing, and CSRF and sign-in on every POST.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/app.ts";
import { listAreaNotices, listPublishedContent } from "../../src/content/index.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, StaffBrowser, signIn } from "../helpers/staff.ts";

/** Every POST route's path under a prefix, read from Fastify's route tree. */
function postRoutes(app: App, prefix: string): string[] {
  const tree = app.printRoutes({ method: "POST", commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    if (match[3]?.split(", ").includes("POST")) routes.push(stack.join(""));
  }
  return routes.filter((r) => r.startsWith(prefix));
}

const page = (overrides: Record<string, string | string[]> = {}) => ({
  title: "Lock your shed",
  summary: "Keep your tools safe.",
  slug: "lock-your-shed",
  body: "## Locks\n\nFit a strong lock to the shed door.\n\nKeep tools out of sight.\n",
  categories: ["other-theft"],
  audiences: ["residents"],
  reviewDay: "31",
  reviewMonth: "3",
  reviewYear: "2027",
  ...overrides,
});

/** The id of the page a "created" redirect points at. */
const idFrom = (location: string | undefined) => {
  const match = /^\/staff\/content\/([0-9a-f-]{36})$/.exec(location ?? "");
  assert.ok(match, `expected a page's address, got ${location}`);
  return match[1];
};

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

for (const dialect of testDialects()) {
  describe(`content (${dialect})`, () => {
    let t: TestApp;
    let app: App;
    // The clock the app reads; tests move it forward to make schedules fall due.
    let clock = new Date("2026-06-01T09:00:00.000Z");
    let editor: StaffBrowser;
    let publisher: StaffBrowser;
    let officer: StaffBrowser;
    let editorId: string;

    before(async () => {
      t = await buildTestApp(dialect, {}, { now: () => clock });
      app = t.app;
      const db = t.database.handle.db;
      const editorAccount = await createTestStaff(db, {
        role: "editor",
        name: "Eddie Editor",
        teamIds: [],
      });
      editorId = editorAccount.id;
      const adminAccount = await createTestStaff(db, {
        role: "admin",
        name: "Pat Publisher",
        teamIds: [],
      });
      const officerAccount = await createTestStaff(db, { role: "officer", name: "Olly Officer" });
      editor = await signIn(app, editorAccount, clock);
      publisher = await signIn(app, adminAccount, clock);
      officer = await signIn(app, officerAccount, clock);
    });
    after(async () => t.close());

    /** Signs everyone in again after the clock jumped past the idle limit. */
    async function signInAgain() {
      const db = t.database.handle.db;
      const fresh = async (role: "editor" | "admin") => {
        const account = await createTestStaff(db, { role, teamIds: [] });
        return signIn(app, account, clock);
      };
      editor = await fresh("editor");
      publisher = await fresh("admin");
    }

    async function create(fields: Record<string, string | string[]>, type = "advice") {
      const res = await editor.post(
        "/staff/content/new",
        { type, ...fields },
        `/staff/content/new?type=${type}`,
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 3000));
      return idFrom(res.headers.location);
    }

    async function currentRevisionId(id: string) {
      const item = await t.database.handle.db
        .selectFrom("content_items")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return item;
    }

    async function publishNow(id: string, reason = "") {
      const item = await currentRevisionId(id);
      return publisher.post(
        `/staff/content/${id}/publish`,
        { revision: item.current_revision_id!, when: "now", reason },
        `/staff/content/${id}/publish`,
      );
    }

    describe("public pages from the seed content", () => {
      test("advice for every police.uk crime category, grouped on /advice", async () => {
        const res = await app.inject({ url: "/advice" });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers["cache-control"], "public, max-age=60");
        for (const name of [
          "Anti-social behaviour",
          "Bicycle theft",
          "Burglary",
          "Other crime",
          "Violence and sexual offences",
        ]) {
          assert.match(
            res.body,
            new RegExp(`<h2 class="govuk-heading-l" id="[a-z-]+">${name}</h2>`),
          );
        }
        const published = await listPublishedContent(t.database.handle.db);
        const categories = new Set(
          published.filter((p) => p.type === "advice").flatMap((p) => p.tags.categories),
        );
        assert.equal(categories.size, 14, "advice for each of the 14 categories");
      });

      test("?category= shows one category's advice (the area pages link to it)", async () => {
        const res = await app.inject({ url: "/advice?category=bicycle-theft" });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /<title>Advice about bicycle theft/);
        assert.match(res.body, /href="\/advice\/keep-your-bike-safe"/);
        assert.doesNotMatch(res.body, /href="\/advice\/protect-your-home-from-burglary"/);
        // An unknown category shows every category rather than an error.
        const unknown = await app.inject({ url: "/advice?category=%3Cscript%3E" });
        assert.equal(unknown.statusCode, 200);
        assert.doesNotMatch(unknown.body, /<script>/);
      });

      test("an advice page: govuk-styled Markdown, breadcrumbs, how to report, related pages", async () => {
        const res = await app.inject({ url: "/advice/keep-your-bike-safe" });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /<h1 class="govuk-heading-xl">Keep your bike safe<\/h1>/);
        assert.match(res.body, /<h2 class="govuk-heading-m">Lock it well<\/h2>/);
        assert.match(res.body, /<ul class="govuk-list govuk-list--bullet">/);
        assert.match(res.body, /class="govuk-breadcrumbs"/);
        assert.match(res.body, /href="\/advice\?category=bicycle-theft"/);
        assert.match(res.body, /Report it online/);
        assert.match(res.body, /Related content/);
      });

      test("information, news and notices have pages and lists", async () => {
        for (const [url, title] of [
          ["/information", "Information"],
          ["/information/what-happens-after-you-report", "What happens after you report a crime"],
          ["/information/your-rights-as-a-victim", "Your rights as a victim of crime"],
          ["/information/hate-crime", "Hate crime"],
          ["/information/how-to-complain", "How to complain about the police"],
          ["/information/freedom-of-information", "Ask us for information"],
          ["/news", "News"],
          ["/news/our-online-police-station-is-open", "Our online police station is open"],
          ["/notices/camden-town-bike-marking", "Bike marking outside Camden Town station"],
        ]) {
          const res = await app.inject({ url });
          assert.equal(res.statusCode, 200, url);
          assert.match(res.body, new RegExp(`<title>${title.replace(/[()]/g, "\\$&")} &ndash;`), url);
        }
        assert.equal((await app.inject({ url: "/information/no-such-page" })).statusCode, 404);
        assert.equal((await app.inject({ url: "/advice/Not_A_Slug" })).statusCode, 404);
      });

      test("each service's start page shows its published content page", async () => {
        for (const id of [
          "report-a-theft",
          "report-antisocial-behaviour",
          "report-a-road-traffic-collision",
          "compliments-complaints-feedback",
        ]) {
          const res = await app.inject({ url: `/services/${id}` });
          assert.equal(res.statusCode, 200, id);
          assert.match(res.body, /class="bl-content"/, `${id} shows the published start page`);
          assert.match(res.body, /Start now/);
        }
      });

      test("area notices for the area pages, and search's list of published pages", async () => {
        const notices = await listAreaNotices(t.database.handle.db, "E05013655");
        assert.deepEqual(
          notices.map((n) => n.url),
          ["/notices/camden-town-bike-marking"],
        );
        const all = await listPublishedContent(t.database.handle.db);
        const bike = all.find((p) => p.url === "/advice/keep-your-bike-safe");
        assert.ok(bike);
        assert.doesNotMatch(bike.body, /[#*[\]]/, "the body is plain text");
        assert.match(bike.body, /Use two good locks/);
        assert.ok(
          all.some((p) => p.url === "/services/report-a-theft" && p.type === "service-start"),
        );
      });
    });

    describe("workflow and permissions", () => {
      test("an editor drafts and asks for review, but cannot publish", async () => {
        const id = await create(page());
        assert.equal(
          (await app.inject({ url: "/advice/lock-your-shed" })).statusCode,
          404,
          "a draft is not public",
        );
        const edit = await editor.get(`/staff/content/${id}`);
        assert.equal(edit.statusCode, 200);
        assert.match(edit.body, /Plain English check/);
        // The review date comes back into the three date fields it was typed in.
        for (const [name, value] of [
          ["reviewDay", "31"],
          ["reviewMonth", "3"],
          ["reviewYear", "2027"],
        ]) {
          assert.match(edit.body, new RegExp(`name="${name}" type="text"[^>]*value="${value}"`));
        }
        assert.equal((await currentRevisionId(id)).review_by, "2027-03-31");
        assert.doesNotMatch(
          edit.body,
          /href="\/staff\/content\/[^"]+\/publish"/,
          "no publish button for an editor",
        );

        const submitted = await editor.post(
          `/staff/content/${id}/submit`,
          {},
          `/staff/content/${id}`,
        );
        assert.equal(submitted.statusCode, 303);
        assert.equal((await currentRevisionId(id)).status, "in-review");

        assert.equal((await editor.get(`/staff/content/${id}/publish`)).statusCode, 403);
        const item = await currentRevisionId(id);
        const attempt = await editor.post(
          `/staff/content/${id}/publish`,
          { revision: item.current_revision_id!, when: "now", reason: "" },
          `/staff/content/${id}`,
        );
        assert.equal(attempt.statusCode, 403);
        for (const action of ["take-down", "return", "unschedule"]) {
          const res = await editor.post(
            `/staff/content/${id}/${action}`,
            { when: "now", returnReason: "x" },
            `/staff/content/${id}`,
          );
          assert.equal(res.statusCode, 403, action);
        }
        assert.equal((await currentRevisionId(id)).published_revision_id, null);
        assert.equal((await app.inject({ url: "/advice/lock-your-shed" })).statusCode, 404);

        // A publisher publishes it.
        const published = await publishNow(id);
        assert.equal(published.statusCode, 303, published.body.slice(0, 2000));
        const live = await app.inject({ url: "/advice/lock-your-shed" });
        assert.equal(live.statusCode, 200);
        assert.match(live.body, /Fit a strong lock to the shed door/);
        assert.equal((await currentRevisionId(id)).status, "published");
      });

      test("staff without content:edit cannot reach the publishing tool", async () => {
        assert.equal((await officer.get("/staff/content")).statusCode, 403);
        assert.equal((await officer.get("/staff/content/new")).statusCode, 403);
      });

      test("a published revision is never edited in place: saving makes a new draft and the live page stays", async () => {
        const id = await create(page({ slug: "never-in-place", title: "Before" }));
        await publishNow(id);
        const db = t.database.handle.db;
        const before = await currentRevisionId(id);
        const publishedRow = await db
          .selectFrom("content_revisions")
          .selectAll()
          .where("id", "=", before.published_revision_id!)
          .executeTakeFirstOrThrow();

        const saved = await editor.post(
          `/staff/content/${id}`,
          {
            ...page({ slug: "never-in-place", title: "After" }),
            base: before.current_revision_id!,
          },
          `/staff/content/${id}`,
        );
        assert.equal(saved.statusCode, 303);
        const after = await currentRevisionId(id);
        assert.notEqual(after.current_revision_id, before.current_revision_id, "a new revision");
        assert.equal(
          after.published_revision_id,
          before.published_revision_id,
          "the live revision stays",
        );
        assert.equal(after.status, "draft");
        const publishedAgain = await db
          .selectFrom("content_revisions")
          .selectAll()
          .where("id", "=", before.published_revision_id!)
          .executeTakeFirstOrThrow();
        assert.deepEqual(publishedAgain, publishedRow, "the published revision is unchanged");

        const live = await app.inject({ url: "/advice/never-in-place" });
        assert.match(live.body, /<h1 class="govuk-heading-xl">Before<\/h1>/);
        const flash = await editor.get(`/staff/content/${id}`);
        assert.match(flash.body, /stays live until this one is published/);

        await publishNow(id);
        const updated = await app.inject({ url: "/advice/never-in-place" });
        assert.match(updated.body, /<h1 class="govuk-heading-xl">After<\/h1>/);
        const count = await db
          .selectFrom("content_revisions")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("item_id", "=", id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 2);
      });

      test("saving over someone else's newer revision is refused (409), nothing is lost", async () => {
        const id = await create(page({ slug: "two-editors" }));
        const first = await currentRevisionId(id);
        await editor.post(
          `/staff/content/${id}`,
          { ...page({ slug: "two-editors", title: "One" }), base: first.current_revision_id! },
          `/staff/content/${id}`,
        );
        const stale = await editor.post(
          `/staff/content/${id}`,
          { ...page({ slug: "two-editors", title: "Two" }), base: first.current_revision_id! },
          `/staff/content/${id}`,
        );
        assert.equal(stale.statusCode, 409);
        assert.match(stale.body, /Someone else saved this page/);
        assert.match(stale.body, /value="Two"/, "what they typed is kept");
      });

      test("a publisher can send a page back with a note", async () => {
        const id = await create(page({ slug: "sent-back" }));
        await editor.post(`/staff/content/${id}/submit`, {}, `/staff/content/${id}`);
        const empty = await publisher.post(
          `/staff/content/${id}/return`,
          { returnReason: "" },
          `/staff/content/${id}`,
        );
        assert.equal(empty.statusCode, 422);
        const back = await publisher.post(
          `/staff/content/${id}/return`,
          { returnReason: "Add opening hours" },
          `/staff/content/${id}`,
        );
        assert.equal(back.statusCode, 303);
        assert.equal((await currentRevisionId(id)).status, "draft");
        const history = await editor.get(`/staff/content/${id}/history`);
        assert.match(history.body, /Reason: Add opening hours/);
      });

      test("taking a page down archives it; the public get 404", async () => {
        const id = await create(page({ slug: "taken-down" }));
        await publishNow(id);
        assert.equal((await app.inject({ url: "/advice/taken-down" })).statusCode, 200);
        const res = await publisher.post(
          `/staff/content/${id}/take-down`,
          { when: "now", reason: "Out of date" },
          `/staff/content/${id}/take-down`,
        );
        assert.equal(res.statusCode, 303);
        assert.equal((await app.inject({ url: "/advice/taken-down" })).statusCode, 404);
        assert.equal((await currentRevisionId(id)).status, "archived");
        // Its history stays, and it can be published again.
        const again = await publishNow(id);
        assert.equal(again.statusCode, 303);
        assert.equal((await app.inject({ url: "/advice/taken-down" })).statusCode, 200);
      });

      test("the editor's form: errors are listed and values kept (422)", async () => {
        const res = await editor.post(
          "/staff/content/new",
          {
            type: "advice",
            ...page({
              title: "",
              slug: "Bad Slug!",
              categories: ["not-a-category"],
              reviewDay: "31",
              reviewMonth: "2",
              reviewYear: "2027",
            }),
          },
          "/staff/content/new?type=advice",
        );
        assert.equal(res.statusCode, 422);
        assert.match(res.body, /<title>Error: /);
        for (const message of [
          "Enter a title",
          "The web address must be",
          "Choose crime categories from the list",
          "The review date must be a real date",
        ]) {
          assert.match(res.body, new RegExp(message));
        }
        const taken = await editor.post(
          "/staff/content/new",
          { type: "advice", ...page({ slug: "keep-your-bike-safe" }) },
          "/staff/content/new?type=advice",
        );
        assert.equal(taken.statusCode, 422);
        assert.match(taken.body, /already used by another page/);
        const service = await editor.post(
          "/staff/content/new",
          { type: "service-start", ...page({ slug: "svc", formId: "no-such-form" }) },
          "/staff/content/new?type=service-start",
        );
        assert.equal(service.statusCode, 422);
        assert.match(service.body, /Choose a service from the list/);
      });

      test("the list filters by type, status and overdue review", async () => {
        const all = await editor.get("/staff/content");
        assert.equal(all.statusCode, 200);
        assert.match(all.body, /Keep your bike safe/);
        const news = await editor.get("/staff/content?type=news");
        assert.match(news.body, /Our online police station is open/);
        assert.doesNotMatch(news.body, /Keep your bike safe/);
        const drafts = await editor.get("/staff/content?status=draft");
        assert.doesNotMatch(drafts.body, /Keep your bike safe/);
        const id = await create(
          page({ slug: "overdue-review", title: "Overdue review", reviewYear: "2025" }),
        );
        const overdue = await editor.get("/staff/content?overdue=1");
        assert.match(overdue.body, /Overdue review/);
        assert.match(overdue.body, /Review overdue/);
        assert.doesNotMatch(overdue.body, /Keep your bike safe/);
        assert.ok(id);
      });
    });

    describe("revisions, differences and restore", () => {
      test("the difference between two revisions is marked in words, and an old one can be restored", async () => {
        const id = await create(
          page({ slug: "diff-me", body: "Lock the shed door every night.\n" }),
        );
        const first = await currentRevisionId(id);
        await editor.post(
          `/staff/content/${id}`,
          {
            ...page({
              slug: "diff-me",
              body: "Lock the garage door every night.\n\nA new <line> here.\n",
              note: "Garage, not shed",
            }),
            base: first.current_revision_id!,
          },
          `/staff/content/${id}`,
        );
        const diff = await editor.get(`/staff/content/${id}/compare?from=1&to=2`);
        assert.equal(diff.statusCode, 200);
        assert.match(
          diff.body,
          /<del class="bl-diff__removed"><span class="govuk-visually-hidden">\[removed: <\/span>shed<span class="govuk-visually-hidden">\]<\/span><\/del>/,
        );
        assert.match(
          diff.body,
          /<ins class="bl-diff__added"><span class="govuk-visually-hidden">\[added: <\/span>garage/,
        );
        assert.match(diff.body, /&lt;line&gt;/, "typed markup is shown as text");
        const backwards = await editor.get(`/staff/content/${id}/compare?from=2&to=1`);
        assert.match(backwards.body, /\[removed: <\/span>garage/);
        assert.equal(
          (await editor.get(`/staff/content/${id}/compare?from=1&to=9`)).statusCode,
          404,
        );

        const history = await editor.get(`/staff/content/${id}/history`);
        assert.match(history.body, /Revision 2/);
        assert.match(history.body, /Garage, not shed/);

        const restored = await editor.post(
          `/staff/content/${id}/restore`,
          { revision: "1" },
          `/staff/content/${id}/history`,
        );
        assert.equal(restored.statusCode, 303);
        const db = t.database.handle.db;
        const revisions = await db
          .selectFrom("content_revisions")
          .select(["number", "body", "note"])
          .where("item_id", "=", id)
          .orderBy("number")
          .execute();
        assert.equal(revisions.length, 3, "restoring adds a revision; none is removed");
        assert.equal(revisions[2].body, revisions[0].body);
        assert.equal(revisions[2].note, "Restored from revision 1");
      });
    });

    describe("slugs that change", () => {
      test("an old address of a published page redirects (301) to the new one", async () => {
        const id = await create(page({ slug: "old-address" }));
        await publishNow(id);
        const item = await currentRevisionId(id);
        await editor.post(
          `/staff/content/${id}`,
          { ...page({ slug: "new-address" }), base: item.current_revision_id! },
          `/staff/content/${id}`,
        );
        const moved = await app.inject({ url: "/advice/old-address" });
        assert.equal(moved.statusCode, 301);
        assert.equal(moved.headers.location, "/advice/new-address");
        assert.equal((await app.inject({ url: "/advice/new-address" })).statusCode, 200);
        // Another page cannot take the old address while it redirects.
        const clash = await editor.post(
          "/staff/content/new",
          { type: "advice", ...page({ slug: "old-address" }) },
          "/staff/content/new?type=advice",
        );
        assert.equal(clash.statusCode, 422);
        // Moving back reclaims it.
        const again = await currentRevisionId(id);
        await editor.post(
          `/staff/content/${id}`,
          { ...page({ slug: "old-address" }), base: again.current_revision_id! },
          `/staff/content/${id}`,
        );
        assert.equal((await app.inject({ url: "/advice/old-address" })).statusCode, 200);
        const back = await app.inject({ url: "/advice/new-address" });
        assert.equal(back.statusCode, 301);
        assert.equal(back.headers.location, "/advice/old-address");
      });
    });

    describe("preview", () => {
      test("staff see a draft exactly as the public would, with a Preview banner; nobody else does", async () => {
        const id = await create(page({ slug: "preview-me", title: "Preview me" }));
        const preview = await editor.get(`/staff/content/${id}/preview`);
        assert.equal(preview.statusCode, 200);
        assert.match(preview.body, /<title>Preview: Preview me/);
        assert.match(preview.body, /govuk-notification-banner/);
        assert.match(preview.body, /the public cannot see this version/);
        assert.match(preview.body, /<h1 class="govuk-heading-xl">Preview me<\/h1>/);
        assert.match(preview.body, /Fit a strong lock to the shed door/);
        assert.equal(preview.headers["cache-control"], "no-store");
        // The same template as the public page, less the banner.
        await publishNow(id);
        const live = await app.inject({ url: "/advice/preview-me" });
        const main = (html: string) =>
          text(html.slice(html.indexOf("<h1"), html.indexOf("</main>")));
        const again = await editor.get(`/staff/content/${id}/preview`);
        assert.equal(main(again.body), main(live.body));

        const signedOut = await app.inject({ url: `/staff/content/${id}/preview` });
        assert.equal(signedOut.statusCode, 303);
        assert.match(String(signedOut.headers.location), /^\/staff\/sign-in/);
        assert.equal((await officer.get(`/staff/content/${id}/preview`)).statusCode, 403);
      });

      test("a service start page previews in the service's own template", async () => {
        const id = await create(
          page({
            slug: "theft-start-2",
            title: "Tell us about a theft",
            formId: "report-a-theft",
            categories: [],
          }),
          "service-start",
        );
        const preview = await editor.get(`/staff/content/${id}/preview`);
        assert.equal(preview.statusCode, 200);
        assert.match(preview.body, /Start now/);
        assert.match(preview.body, /href="\/services\/report-a-theft\/emergency"/);
      });
    });

    describe("Markdown that tries to run script is inert", () => {
      const attacks = [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(2)">',
        "[click](javascript:alert(3))",
        "[click](JaVaScRiPt:alert(4))",
        "[click](java\tscript:alert(5))",
        "[click](javascript&colon;alert(6))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
        "![pic](javascript:alert(8))",
        '<a href="javascript:alert(9)" onclick="alert(10)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<svg onload=alert(11)>",
        "[x](vbscript:msgbox(12))",
        '<div style="background:url(javascript:alert(13))">',
        '[ok](https://example.org "t" onmouseover=alert(14))',
        "<<script>script>alert(15)<</script>/script>",
      ];

      test("on the public page and in the preview", async () => {
        const body = `## Attacks\n\n${attacks.join("\n\n")}\n`;
        const id = await create(
          page({
            slug: "xss-attempts",
            title: "<script>alert('title')</script>",
            summary: '"><img src=x onerror=alert(1)>',
            body,
          }),
        );
        await publishNow(id, "Testing that hostile Markdown is inert");
        for (const res of [
          await app.inject({ url: "/advice/xss-attempts" }),
          await editor.get(`/staff/content/${id}/preview`),
          await editor.get(`/staff/content/${id}`),
        ]) {
          assert.equal(res.statusCode, 200);
          // Every real tag on the page (escaped text such as "&lt;img" is not one).
          for (const tag of res.body.match(/<[a-z][a-z0-9]*\b[^>]*>/gi) ?? []) {
            assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `an event handler in ${tag}`);
            assert.doesNotMatch(
              tag,
              /\s(href|src|action|style)\s*=\s*["']?[^"'>]*(javascript|vbscript|data):/i,
              tag,
            );
            assert.doesNotMatch(tag, /^<(iframe|svg|img|object|embed)\b/i, tag);
            // Only the layout's own scripts, which carry the nonce or are same-origin modules.
            if (/^<script\b/i.test(tag)) assert.match(tag, /nonce=|src="\/assets\//, tag);
          }
        }
        const live = (await app.inject({ url: "/advice/xss-attempts" })).body;
        assert.match(live, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, "raw HTML is shown as text");
        assert.match(live, /<a href="https:\/\/example.org" class="govuk-link"/);
      });
    });

    describe("plain English findings and the publishing rule", () => {
      test("above the threshold a publisher must give a reason, which is recorded with the decision and in the audit log", async () => {
        const jargon =
          "The perpetrator must not alight from the vehicle prior to the incident. " +
          "Officers will attend the premises in order to ascertain whether the individual has sufficient documentation.\n";
        const id = await create(page({ slug: "jargon", body: jargon }));
        const edit = await editor.get(`/staff/content/${id}`);
        assert.match(edit.body, /Jargon<\/strong>/);
        assert.match(edit.body, /perpetrator/);
        assert.match(edit.body, /A publisher must give a reason/);

        const form = await publisher.get(`/staff/content/${id}/publish`);
        assert.match(form.body, /Why publish it with these findings\?/);
        const refused = await publishNow(id, "");
        assert.equal(refused.statusCode, 422);
        assert.match(refused.body, /Say why this page should be published/);
        assert.equal((await currentRevisionId(id)).published_revision_id, null);

        const reason = "Quoting the words of the law on purpose";
        const ok = await publishNow(id, reason);
        assert.equal(ok.statusCode, 303);
        const db = t.database.handle.db;
        const item = await currentRevisionId(id);
        const decision = await db
          .selectFrom("content_publications")
          .selectAll()
          .where("item_id", "=", id)
          .where("action", "=", "published")
          .executeTakeFirstOrThrow();
        assert.equal(decision.reason, reason);
        assert.equal(decision.revision_id, item.published_revision_id);
        assert.ok(Number(decision.findings) > 3);
        const audit = await db
          .selectFrom("audit_log")
          .selectAll()
          .where("action", "=", "content:publish")
          .where("reason", "=", reason)
          .executeTakeFirstOrThrow();
        assert.equal(JSON.parse(audit.detail).itemId, id);
        const history = await publisher.get(`/staff/content/${id}/history`);
        assert.match(history.body, new RegExp(`Reason: ${reason}`));
      });

      test("a page within the threshold publishes without a reason", async () => {
        const id = await create(page({ slug: "plain-enough" }));
        const res = await publishNow(id);
        assert.equal(res.statusCode, 303);
      });
    });

    describe("scheduled publishing and taking down (a clock the test moves)", () => {
      test("a page goes live at its time and comes down at its time", async () => {
        const id = await create(page({ slug: "scheduled", title: "Scheduled" }));
        const item = await currentRevisionId(id);
        // 10:30 UK time (BST) on 1 June is 09:30 UTC; the clock says 09:00 UTC.
        const res = await publisher.post(
          `/staff/content/${id}/publish`,
          {
            revision: item.current_revision_id!,
            when: "later",
            day: "1",
            month: "6",
            year: "2026",
            time: "10:30",
          },
          `/staff/content/${id}/publish`,
        );
        assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
        assert.equal((await currentRevisionId(id)).publish_at, "2026-06-01T09:30:00.000Z");
        assert.equal((await app.inject({ url: "/advice/scheduled" })).statusCode, 404);

        // A later edit does not go live with it: the approved revision does.
        await editor.post(
          `/staff/content/${id}`,
          {
            ...page({ slug: "scheduled", title: "Scheduled, edited" }),
            base: item.current_revision_id!,
          },
          `/staff/content/${id}`,
        );

        const past = await publisher.post(
          `/staff/content/${id}/take-down`,
          { when: "later", day: "1", month: "6", year: "2026", time: "9:00" },
          `/staff/content/${id}/take-down`,
        );
        assert.equal(past.statusCode, 422, "a time in the past is refused");
        const down = await publisher.post(
          `/staff/content/${id}/take-down`,
          { when: "later", day: "1", month: "6", year: "2026", time: "12:00" },
          `/staff/content/${id}/take-down`,
        );
        assert.equal(down.statusCode, 303);

        clock = new Date("2026-06-01T09:31:00.000Z");
        const live = await app.inject({ url: "/advice/scheduled" });
        assert.equal(live.statusCode, 200);
        assert.match(live.body, /<h1 class="govuk-heading-xl">Scheduled<\/h1>/);
        const after = await currentRevisionId(id);
        assert.equal(after.published_revision_id, item.current_revision_id);
        assert.equal(after.status, "draft", "the newer draft is still a draft");
        assert.equal(after.publish_at, null);

        clock = new Date("2026-06-01T11:01:00.000Z");
        assert.equal((await app.inject({ url: "/advice/scheduled" })).statusCode, 404);
        assert.equal((await currentRevisionId(id)).status, "archived");
        const decisions = await t.database.handle.db
          .selectFrom("content_publications")
          .select(["action", "staff_id"])
          .where("item_id", "=", id)
          .orderBy("at")
          .execute();
        assert.deepEqual(
          decisions.filter((d) => d.staff_id === null).map((d) => d.action),
          ["published", "unpublished"],
        );
        await signInAgain();
      });

      test("a schedule can be cancelled", async () => {
        const id = await create(page({ slug: "cancelled" }));
        const item = await currentRevisionId(id);
        await publisher.post(
          `/staff/content/${id}/publish`,
          {
            revision: item.current_revision_id!,
            when: "later",
            day: "1",
            month: "1",
            year: "2030",
            time: "09:00",
          },
          `/staff/content/${id}/publish`,
        );
        assert.ok((await currentRevisionId(id)).publish_at);
        const res = await publisher.post(
          `/staff/content/${id}/unschedule`,
          {},
          `/staff/content/${id}`,
        );
        assert.equal(res.statusCode, 303);
        assert.equal((await currentRevisionId(id)).publish_at, null);
      });
    });

    describe("every POST needs a CSRF token and a signed-in member of staff", () => {
      test("each /staff/content form, without a token (403) and signed out (303)", async () => {
        const id = await create(page({ slug: "csrf-target" }));
        const routes = postRoutes(app, "/staff/content");
        const expected = [
          "/staff/content/new",
          "/staff/content/:id",
          "/staff/content/:id/submit",
          "/staff/content/:id/return",
          "/staff/content/:id/unschedule",
          "/staff/content/:id/publish",
          "/staff/content/:id/take-down",
          "/staff/content/:id/restore",
        ];
        assert.deepEqual(
          [...routes].sort(),
          [...expected].sort(),
          "every POST route is tested here",
        );
        const before = await currentRevisionId(id);
        for (const route of expected) {
          const url = route.replace(":id", id);
          const payload = new URLSearchParams({
            type: "advice",
            title: "Forged",
            revision: "1",
            when: "now",
          }).toString();
          const noToken = await app.inject({
            method: "POST",
            url,
            headers: {
              cookie: Object.entries(publisher.cookies)
                .map(([k, v]) => `${k}=${v}`)
                .join("; "),
              "content-type": "application/x-www-form-urlencoded",
            },
            payload,
          });
          assert.equal(noToken.statusCode, 403, `${route} without a token`);
          const signedOut = await new StaffBrowser(app).post(
            url,
            { title: "Forged" },
            "/staff/sign-in",
          );
          assert.equal(signedOut.statusCode, 303, `${route} signed out`);
          assert.match(String(signedOut.headers.location), /^\/staff\/sign-in/);
        }
        const after = await currentRevisionId(id);
        assert.deepEqual(after, before, "nothing changed");
        assert.ok(editorId);
      });
    });
  });
}
