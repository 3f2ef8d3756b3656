// Track your report: a reporter finds their case with its reference and their email address
// or tracking code, sees its public history and replies; nobody else sees it, a wrong detail
// looks exactly like an unknown reference, and guessing is slowed down.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import type { App } from "../../src/app.ts";
import { newReference } from "../../src/submissions/reference.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { anonymousPhoneTheft, completeJourney, phoneTheftWithEmail } from "../helpers/journey.ts";

type Response = Awaited<ReturnType<App["inject"]>>;

/** One browser: keeps its cookies between requests, and forgets the ones a response clears. */
class Browser {
  readonly app: App;
  readonly remoteAddress: string;
  cookies: Record<string, string>;
  constructor(app: App, cookies: Record<string, string> = {}, remoteAddress = "127.0.0.1") {
    this.app = app;
    this.cookies = { ...cookies };
    this.remoteAddress = remoteAddress;
  }

  private keep(res: Response) {
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date }>) {
      if (c.value === "" || (c.expires && c.expires.getTime() <= Date.now())) {
        delete this.cookies[c.name];
      } else this.cookies[c.name] = c.value;
    }
  }

  get cookieHeader() {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  }

  async get(url: string) {
    const res = await this.app.inject({
      url,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookieHeader },
    });
    this.keep(res);
    return res;
  }

  /** Posts a form from `pageUrl`, with that page's CSRF token unless `csrf` is false. */
  async post(pageUrl: string, url: string, fields: Record<string, string>, csrf = true) {
    const page = await this.get(pageUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (csrf) assert.ok(token, `${pageUrl} has a CSRF token`);
    const res = await this.app.inject({
      method: "POST",
      url,
      remoteAddress: this.remoteAddress,
      headers: {
        cookie: this.cookieHeader,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams(csrf ? { _csrf: token!, ...fields } : fields).toString(),
    });
    this.keep(res);
    return res;
  }

  find(reference: string, secret: string) {
    return this.post("/track", "/track", { reference, secret });
  }

  reply(message: string) {
    return this.post("/track/report", "/track/report/reply", { message });
  }
}

/** The page with the per-request values (CSRF token, CSP nonce) taken out. */
const stable = (body: string) =>
  body.replace(/name="_csrf" value="[^"]+"/g, "_csrf").replace(/nonce="[^"]+"/g, "nonce");

async function caseFor(t: TestApp, reference: string) {
  return t.database.handle.db
    .selectFrom("cases")
    .selectAll()
    .where("reference", "=", reference)
    .executeTakeFirstOrThrow();
}

async function addEvent(
  t: TestApp,
  caseId: string,
  event: {
    kind: string;
    visibility: "public" | "staff";
    data: unknown;
    at: string;
    actor?: string;
  },
) {
  await t.database.handle.db
    .insertInto("case_events")
    .values({
      id: randomUUID(),
      case_id: caseId,
      at: event.at,
      actor_id: event.actor ?? null,
      kind: event.kind,
      visibility: event.visibility,
      data: JSON.stringify(event.data),
    })
    .execute();
}

for (const dialect of testDialects()) {
  describe(`track your report (${dialect})`, () => {
    test("with the reference and the email address: the report and its status, nothing in the URL", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const browser = new Browser(t.app);
        const form = await browser.get("/track");
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /<title>Track your report &ndash; /);
        assert.match(form.body, /Email address or tracking code/);

        // Typed loosely: lower case, no dashes, the email in capitals with spaces around it.
        const found = await browser.find(
          reference.replace(/-/g, "").toLowerCase(),
          "  SAM.TAYLOR@EXAMPLE.COM ",
        );
        assert.equal(found.statusCode, 303);
        assert.equal(found.headers.location, "/track/report");

        const page = await browser.get("/track/report");
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers["cache-control"], "no-store");
        assert.match(page.body, /<title>Your report &ndash; /);
        assert.match(page.body, new RegExp(reference));
        assert.match(page.body, /Report a theft/);
        assert.match(page.body, /We have received your report/);
        assert.match(page.body, /We received your report/);
        assert.match(page.body, /Online crime reporting triage desk/);
        assert.match(page.body, /Send us a message/);
        assert.match(page.body, /href="\/track\/sign-out"/);
        assert.doesNotMatch(page.body, /sam\.taylor|Taylor|A black phone/i, "no personal data");
      } finally {
        await t.close();
      }
    });

    test("with the tracking code, however it is typed", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference, trackingCode } = await completeJourney(
          t.app,
          "report-a-theft",
          anonymousPhoneTheft,
        );
        assert.ok(trackingCode);
        const browser = new Browser(t.app);
        const found = await browser.find(
          reference,
          ` ${trackingCode.toLowerCase().replace("-", " ")} `,
        );
        assert.equal(found.statusCode, 303);
        const page = await browser.get("/track/report");
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /We have received your report/);
      } finally {
        await t.close();
      }
    });

    test("missing and malformed details get GOV.UK error messages, keeping what was typed", async () => {
      const t = await buildTestApp(dialect);
      try {
        const browser = new Browser(t.app);
        const blank = await browser.find("", "");
        assert.equal(blank.statusCode, 422);
        assert.match(blank.body, /<title>Error: Track your report &ndash; /);
        assert.match(blank.body, /govuk-error-summary/);
        assert.match(blank.body, /href="#reference">Enter your reference</);
        assert.match(
          blank.body,
          /href="#secret">Enter the email address you gave us, or your tracking code</,
        );

        const malformed = await browser.find("K7M2-Q9TX-5", "sam@example.com");
        assert.equal(malformed.statusCode, 422);
        assert.match(malformed.body, /Enter a reference in the right format, like K7M2-Q9TX-4/);
        assert.match(malformed.body, /value="K7M2-Q9TX-5"/);
        assert.match(malformed.body, /value="sam@example.com"/);
        assert.doesNotMatch(malformed.body, /Enter the email address you gave us/);
      } finally {
        await t.close();
      }
    });

    test("a wrong email, a wrong code and an unknown reference get the very same answer", async () => {
      const t = await buildTestApp(dialect);
      try {
        const withEmail = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const anonymous = await completeJourney(t.app, "report-a-theft", anonymousPhoneTheft);
        let unknown = newReference();
        while (unknown === withEmail.reference || unknown === anonymous.reference) {
          unknown = newReference();
        }
        const browser = new Browser(t.app);
        const answers = [
          await browser.find(withEmail.reference, "someone.else@example.com"),
          await browser.find(withEmail.reference, anonymous.trackingCode!),
          await browser.find(anonymous.reference, "ABCDE-FGHJK"),
          await browser.find(anonymous.reference, "sam.taylor@example.com"),
          await browser.find(unknown, "sam.taylor@example.com"),
          await browser.find(unknown, anonymous.trackingCode!),
        ];
        for (const res of answers) {
          assert.equal(res.statusCode, 422);
          assert.match(res.body, /We could not find a report with those details/);
          assert.equal(res.headers.location, undefined);
          assert.equal(stable(res.body), stable(answers[0].body));
          assert.deepEqual(
            res.cookies.map((c) => c.name).sort(),
            answers[0].cookies.map((c) => c.name).sort(),
          );
        }
        assert.doesNotMatch(answers[0].body, new RegExp(withEmail.reference));
        assert.equal((await browser.get("/track/report")).statusCode, 303, "no grant");
      } finally {
        await t.close();
      }
    });

    test("the public timeline never shows staff-only events, notes or who did what", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const row = await caseFor(t, reference);
        const staffId = randomUUID();
        await t.database.handle.db
          .insertInto("staff")
          .values({
            id: staffId,
            email: "jane.officer@police.example",
            name: "Constable Jane Officer",
            role: "officer",
            password_hash: "x",
            totp_secret: null,
            active: 1,
            failed_attempts: 0,
            locked_until: null,
            created_at: row.created_at,
          })
          .execute();
        const later = (minutes: number) =>
          new Date(new Date(row.created_at).getTime() + minutes * 60_000).toISOString();
        await addEvent(t, row.id, {
          kind: "note",
          visibility: "staff",
          data: { text: "SECRET NOTE: suspect known to us" },
          at: later(1),
          actor: staffId,
        });
        await addEvent(t, row.id, {
          kind: "assigned",
          visibility: "staff",
          data: { owner: staffId },
          at: later(2),
          actor: staffId,
        });
        await addEvent(t, row.id, {
          kind: "status",
          visibility: "public",
          data: { from: "new", to: "awaiting-information" },
          at: later(3),
          actor: staffId,
        });
        await addEvent(t, row.id, {
          kind: "message-out",
          visibility: "public",
          data: { text: "Please send us the receipt.\nThank you.", team: "online-crime-triage" },
          at: later(4),
          actor: staffId,
        });
        await t.database.handle.db
          .updateTable("cases")
          .set({ status: "awaiting-information", owner_id: staffId })
          .where("id", "=", row.id)
          .execute();

        const browser = new Browser(t.app);
        assert.equal((await browser.find(reference, "sam.taylor@example.com")).statusCode, 303);
        const page = await browser.get("/track/report");
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /We need more information from you/);
        assert.match(page.body, /Message from us/);
        assert.match(page.body, /<p class="govuk-body">Please send us the receipt\.<\/p>/);
        assert.match(page.body, /from Online crime reporting triage desk/);
        assert.doesNotMatch(page.body, /SECRET NOTE|suspect known/);
        assert.doesNotMatch(page.body, /Jane|Officer|jane\.officer/);
        assert.doesNotMatch(page.body, new RegExp(staffId));
        // Oldest first: received, then the status change, then the message.
        const order = ["We received your report", "We need more information", "Message from us"];
        const positions = order.map((text) => page.body.indexOf(text, page.body.indexOf("<ol")));
        assert.ok(
          positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1])),
          `timeline order ${positions}`,
        );
      } finally {
        await t.close();
      }
    });

    test("a reply is added to the case and the team is alerted without its text", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const row = await caseFor(t, reference);
        const browser = new Browser(t.app);
        assert.equal((await browser.find(reference, "sam.taylor@example.com")).statusCode, 303);

        const empty = await browser.reply("   ");
        assert.equal(empty.statusCode, 422);
        assert.match(empty.body, /<title>Error: Your report &ndash; /);
        assert.match(empty.body, /href="#message">Enter your message</);
        const tooLong = await browser.reply("x".repeat(2001));
        assert.equal(tooLong.statusCode, 422);
        assert.match(tooLong.body, /Your message must be 2000 characters or less/);
        assert.match(tooLong.body, /x{2001}<\/textarea>/, "what was typed is kept");

        const text = "I found the receipt.\r\nIt was £250 at <b>Phone Shop</b>.";
        const sent = await browser.reply(text);
        assert.equal(sent.statusCode, 303);
        assert.equal(sent.headers.location, "/track/report");
        const page = await browser.get("/track/report");
        assert.match(page.body, /Your message has been sent/);
        assert.match(page.body, /Your message/);
        assert.match(page.body, /It was £250 at &lt;b&gt;Phone Shop&lt;\/b&gt;\./);
        const again = await browser.get("/track/report");
        assert.doesNotMatch(again.body, /Your message has been sent/, "the banner shows once");

        const db = t.database.handle.db;
        const events = await db
          .selectFrom("case_events")
          .selectAll()
          .where("case_id", "=", row.id)
          .where("kind", "=", "message-in")
          .execute();
        assert.equal(events.length, 1);
        assert.equal(events[0].visibility, "public");
        assert.equal(events[0].actor_id, null);
        assert.deepEqual(JSON.parse(events[0].data), {
          text: "I found the receipt.\nIt was £250 at <b>Phone Shop</b>.",
        });

        // (The new case's own acknowledgement and team alert are in the outbox too.)
        const alerts = await db
          .selectFrom("outbox")
          .selectAll()
          .where("case_id", "=", row.id)
          .where("subject", "=", "New reply on a case")
          .execute();
        assert.equal(alerts.length, 1);
        const [alert] = alerts;
        assert.equal(alert.channel, "email");
        assert.equal(alert.recipient, "online-triage@bluelamp.example");
        assert.equal(alert.subject, "New reply on a case");
        assert.equal(alert.status, "pending");
        assert.match(alert.body, new RegExp(`${t.config.publicUrl}/staff/cases/${row.id}`));
        assert.doesNotMatch(alert.body, /receipt|Phone Shop|250/);
        assert.doesNotMatch(alert.body, /sam|Taylor|example\.com/i);
        assert.doesNotMatch(alert.body, new RegExp(reference));

        // A second reply while the alert still waits: in the history, but one alert.
        assert.equal((await browser.reply("One more thing.")).statusCode, 303);
        const count = await db
          .selectFrom("case_events")
          .select("id")
          .where("case_id", "=", row.id)
          .where("kind", "=", "message-in")
          .execute();
        assert.equal(count.length, 2);
        const stillOne = await db
          .selectFrom("outbox")
          .select("id")
          .where("case_id", "=", row.id)
          .where("subject", "=", "New reply on a case")
          .execute();
        assert.equal(stillOne.length, 1);
      } finally {
        await t.close();
      }
    });

    test("a closed case shows its outcome and says to call 101 instead of replying", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const row = await caseFor(t, reference);
        const browser = new Browser(t.app);
        assert.equal((await browser.find(reference, "sam.taylor@example.com")).statusCode, 303);
        const open = await browser.get("/track/report");
        const token = /name="_csrf" value="([^"]+)"/.exec(open.body)?.[1];
        assert.ok(token);

        const closedAt = new Date(new Date(row.created_at).getTime() + 60_000).toISOString();
        await t.database.handle.db
          .updateTable("cases")
          .set({ status: "closed", outcome: "no-further-action" })
          .where("id", "=", row.id)
          .execute();
        await addEvent(t, row.id, {
          kind: "status",
          visibility: "public",
          data: { from: "new", to: "closed", outcome: "no-further-action" },
          at: closedAt,
        });

        const page = await browser.get("/track/report");
        assert.match(page.body, /We have finished working on your report/);
        assert.match(page.body, /No further action/);
        assert.match(page.body, /call 101/);
        assert.doesNotMatch(page.body, /Send message/);

        // A reply sent from the page as it was before the case closed.
        const late = await t.app.inject({
          method: "POST",
          url: "/track/report/reply",
          headers: {
            cookie: browser.cookieHeader,
            "content-type": "application/x-www-form-urlencoded",
          },
          payload: new URLSearchParams({ _csrf: token, message: "Hello?" }).toString(),
        });
        assert.equal(late.statusCode, 303);
        const replies = await t.database.handle.db
          .selectFrom("case_events")
          .select("id")
          .where("case_id", "=", row.id)
          .where("kind", "=", "message-in")
          .execute();
        assert.equal(replies.length, 0);
        const alerts = await t.database.handle.db
          .selectFrom("outbox")
          .select("id")
          .where("subject", "=", "New reply on a case")
          .execute();
        assert.equal(alerts.length, 0);
      } finally {
        await t.close();
      }
    });

    test("posts without a CSRF token are refused", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const browser = new Browser(t.app);
        const find = await browser.post(
          "/track",
          "/track",
          { reference, secret: "sam.taylor@example.com" },
          false,
        );
        assert.equal(find.statusCode, 403);
        assert.equal((await browser.get("/track/report")).statusCode, 303, "no grant");

        assert.equal((await browser.find(reference, "sam.taylor@example.com")).statusCode, 303);
        const reply = await browser.post(
          "/track/report",
          "/track/report/reply",
          { message: "Hi" },
          false,
        );
        assert.equal(reply.statusCode, 403);
        const events = await t.database.handle.db
          .selectFrom("case_events")
          .select("id")
          .where("kind", "=", "message-in")
          .execute();
        assert.equal(events.length, 0);
      } finally {
        await t.close();
      }
    });

    test("the grant belongs to one session: not another browser, not the old session id, gone at sign-out", async () => {
      const t = await buildTestApp(dialect);
      try {
        const journey = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        // The reporter tracks in the browser they reported from: their session id changes,
        // and their confirmation page still works.
        const reporter = new Browser(t.app, journey.cookies);
        const before = reporter.cookies.session;
        assert.ok(before);
        assert.equal(
          (await reporter.find(journey.reference, "sam.taylor@example.com")).statusCode,
          303,
        );
        assert.notEqual(reporter.cookies.session, before, "a new session id at the grant");
        assert.equal((await reporter.get("/track/report")).statusCode, 200);
        assert.match((await reporter.get("/track")).body, /Go back to your report/);
        assert.equal(
          (await reporter.get("/services/report-a-theft/confirmation")).statusCode,
          200,
          "the rest of the session came along",
        );

        const stale = new Browser(t.app, { ...journey.cookies, session: before });
        const staleView = await stale.get("/track/report");
        assert.equal(staleView.statusCode, 303);
        assert.equal(staleView.headers.location, "/track");

        const stranger = new Browser(t.app);
        assert.doesNotMatch((await stranger.get("/track")).body, /Go back to your report/);
        assert.equal((await stranger.get("/track/report")).statusCode, 303);
        const strangerReply = await stranger.post("/track", "/track/report/reply", {
          message: "x",
        });
        assert.equal(strangerReply.statusCode, 303);
        assert.equal(strangerReply.headers.location, "/track");

        // Someone else who made their own report, in their own browser, sees only theirs.
        const other = await completeJourney(t.app, "report-a-theft", anonymousPhoneTheft);
        const otherBrowser = new Browser(t.app, other.cookies);
        assert.equal(
          (await otherBrowser.find(other.reference, other.trackingCode!)).statusCode,
          303,
        );
        const theirs = await otherBrowser.get("/track/report");
        assert.match(theirs.body, new RegExp(other.reference));
        assert.doesNotMatch(theirs.body, new RegExp(journey.reference));

        const signedOut = await reporter.get("/track/sign-out");
        assert.equal(signedOut.statusCode, 200);
        assert.match(signedOut.body, /You have signed out of your report/);
        const after = await reporter.get("/track/report");
        assert.equal(after.statusCode, 303);
        assert.equal(after.headers.location, "/track");
      } finally {
        await t.close();
      }
    });

    test("look-ups are limited per client, and per reference across clients", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", phoneTheftWithEmail);
        const guesser = new Browser(t.app, {}, "203.0.113.7");
        for (let i = 0; i < 10; i++) {
          const res = await guesser.find(reference, `guess${i}@example.com`);
          assert.equal(res.statusCode, 422, `attempt ${i + 1}`);
        }
        const limited = await guesser.find(reference, "sam.taylor@example.com");
        assert.equal(limited.statusCode, 429);
        assert.match(limited.body, /<title>Too many attempts &ndash; /);
        assert.match(limited.body, /wait 10 minutes/);
        assert.ok(Number(limited.headers["retry-after"]) > 0);
        assert.equal((await guesser.get("/track/report")).statusCode, 303, "no grant");

        // Someone else, elsewhere, is not held up by it.
        const reporter = new Browser(t.app, {}, "198.51.100.1");
        assert.equal((await reporter.find(reference, "sam.taylor@example.com")).statusCode, 303);

        // Guessing one reference from many addresses: 20 look-ups an hour, then it waits.
        const target = newReference();
        const statuses: number[] = [];
        for (let i = 0; i < 22; i++) {
          const res = await new Browser(t.app, {}, `192.0.2.${i + 1}`).find(target, "a@b.example");
          statuses.push(res.statusCode);
        }
        assert.deepEqual(statuses.slice(0, 20), Array(20).fill(422));
        assert.deepEqual(statuses.slice(20), [429, 429]);
      } finally {
        await t.close();
      }
    });
  });
}
