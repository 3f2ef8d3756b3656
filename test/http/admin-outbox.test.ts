// The outbox in the back office: counts by status, the dead letters (recipient masked, body
// never shown) with a Retry button that puts one back in the queue, and the maildrop: the
// .eml files in DATA_DIR/maildrop/, newest first, each readable as plain text, and nothing
// else on the disk reachable through it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { maildropDir, writeToMaildrop } from "../../src/outbox/maildrop.ts";
import { outboxId } from "../../src/outbox/messages.ts";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { createTestStaff, signIn } from "../helpers/staff.ts";

async function insertMessage(
  db: Kysely<Database>,
  fields: {
    status: "pending" | "sent" | "dead";
    channel?: "email" | "webhook";
    recipient?: string;
    subject?: string | null;
    createdAt: Date;
    attempts?: number;
  },
) {
  const id = outboxId(fields.createdAt);
  const at = fields.createdAt.toISOString();
  await db
    .insertInto("outbox")
    .values({
      id,
      channel: fields.channel ?? "email",
      recipient: fields.recipient ?? "sam.reporter@example.com",
      subject: fields.subject === undefined ? "Your report BL-TEST" : fields.subject,
      body: "THE BODY: never shown to admins",
      case_id: null,
      status: fields.status,
      attempts: fields.attempts ?? (fields.status === "dead" ? 10 : 0),
      next_attempt_at: at,
      lease_until: null,
      last_error: fields.status === "dead" ? "SMTP 550 <mailbox unavailable>" : null,
      created_at: at,
      sent_at: fields.status === "sent" ? at : null,
    })
    .execute();
  return id;
}

function eml(to: string, subject: string, date: Date, body: string): Buffer {
  return Buffer.from(
    [
      `From: "Bluelamp Police" <no-reply@bluelamp.example>`,
      `To: ${to}`,
      `Subject: ${subject}`,
      `Date: ${date.toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "",
    ].join("\r\n"),
  );
}

for (const dialect of testDialects()) {
  describe(`admin: the outbox (${dialect})`, () => {
    test("counts by status; dead letters masked, with Retry moving one back to pending", async () => {
      const now = new Date();
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const adminAccount = await createTestStaff(db, { role: "admin" });
        const admin = await signIn(t.app, adminAccount);
        const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
        await insertMessage(db, { status: "sent", createdAt: minutesAgo(50) });
        await insertMessage(db, { status: "pending", createdAt: minutesAgo(40) });
        const older = await insertMessage(db, {
          status: "dead",
          createdAt: minutesAgo(30),
          subject: "Older dead letter",
        });
        const newer = await insertMessage(db, {
          status: "dead",
          createdAt: minutesAgo(20),
          recipient: "zoe.x@mail.example.org",
          subject: "Newer dead letter",
        });
        await insertMessage(db, {
          status: "dead",
          channel: "webhook",
          recipient: "https://records.example/hook?token=abc",
          subject: null,
          createdAt: minutesAgo(10),
        });

        const page = await admin.get("/staff/admin/outbox");
        assert.equal(page.statusCode, 200);
        const row = (key: string) =>
          new RegExp(
            `${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*([^<]*?)\\s*</dd>`,
          ).exec(page.body)?.[1];
        assert.equal(row("Waiting to be sent"), "1");
        assert.equal(row("Sent"), "1");
        assert.equal(row("Stopped trying \\(dead\\)"), "3");
        assert.ok(
          page.body.indexOf("Newer dead letter") < page.body.indexOf("Older dead letter"),
          "newest first",
        );
        assert.match(page.body, /s\*\*\*@<wbr>example.<wbr>com/, "recipients masked");
        assert.match(page.body, /z\*\*\*@<wbr>mail.<wbr>example.<wbr>org/);
        assert.ok(!page.body.includes("sam.reporter"), "the address is not shown");
        assert.ok(!page.body.includes("token=abc"), "nor a webhook's full address");
        assert.match(page.body, /https:\/\/<wbr>records.<wbr>example\/<wbr>…/);
        assert.ok(!page.body.includes("THE BODY"), "nor any message's body");
        assert.match(page.body, /SMTP 550 &lt;mailbox unavailable&gt;/, "the last error, escaped");
        assert.match(page.body, new RegExp(`action="/staff/admin/outbox/${newer}/retry"`));

        const retried = await admin.post(
          `/staff/admin/outbox/${newer}/retry`,
          {},
          "/staff/admin/outbox",
        );
        assert.equal(retried.statusCode, 303);
        assert.equal(retried.headers.location, "/staff/admin/outbox");
        const message = await db
          .selectFrom("outbox")
          .selectAll()
          .where("id", "=", newer)
          .executeTakeFirstOrThrow();
        assert.equal(message.status, "pending");
        assert.equal(Number(message.attempts), 0);
        assert.equal(message.last_error, null);
        assert.ok(message.next_attempt_at <= new Date().toISOString(), "due now");
        const after = await admin.get("/staff/admin/outbox");
        assert.match(after.body, /The message is back in the queue/);
        assert.doesNotMatch(after.body, /Newer dead letter/);
        assert.equal(
          (
            await db
              .selectFrom("outbox")
              .select("status")
              .where("id", "=", older)
              .executeTakeFirstOrThrow()
          ).status,
          "dead",
          "only the one retried",
        );

        const twice = await admin.post(
          `/staff/admin/outbox/${newer}/retry`,
          {},
          "/staff/admin/outbox",
        );
        assert.equal(twice.statusCode, 303);
        assert.match(
          (await admin.get("/staff/admin/outbox")).body,
          /That message was not waiting for a retry/,
        );
        const bogus = await admin.post(
          "/staff/admin/outbox/..%2F..%2Fx/retry",
          {},
          "/staff/admin/outbox",
        );
        assert.ok([303, 404].includes(bogus.statusCode));

        const all = await admin.post("/staff/admin/outbox/retry-all", {}, "/staff/admin/outbox");
        assert.equal(all.statusCode, 303);
        assert.match(
          (await admin.get("/staff/admin/outbox")).body,
          /2 messages are back in the queue/,
        );
        const statuses = await db.selectFrom("outbox").select("status").execute();
        assert.equal(statuses.filter((s) => s.status === "dead").length, 0);

        const audit = await db
          .selectFrom("audit_log")
          .select(["action", "detail"])
          .where("staff_id", "=", adminAccount.id)
          .where("action", "like", "outbox-%")
          .orderBy("at")
          .execute();
        assert.deepEqual(
          audit.map((a) => [a.action, JSON.parse(a.detail)]),
          [
            ["outbox-retried", { message: newer }],
            ["outbox-retried-all", { count: 2 }],
          ],
        );
      } finally {
        await t.close();
      }
    });

    test("a retried message is delivered by the worker into the maildrop", async () => {
      const t = await buildTestApp(dialect, {}, { outboxWorker: { pollMillis: 50 } });
      try {
        const db = t.database.handle.db;
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const id = await insertMessage(db, { status: "dead", createdAt: new Date() });
        await admin.post(`/staff/admin/outbox/${id}/retry`, {}, "/staff/admin/outbox");
        const deadline = Date.now() + 10_000;
        let status = "";
        while (Date.now() < deadline) {
          status = (
            await db
              .selectFrom("outbox")
              .select("status")
              .where("id", "=", id)
              .executeTakeFirstOrThrow()
          ).status;
          if (status === "sent") break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(status, "sent");
        const list = await admin.get("/staff/admin/outbox/maildrop");
        assert.match(list.body, new RegExp(`/staff/admin/outbox/maildrop/${id}.eml`));
      } finally {
        await t.close();
      }
    });

    test("the maildrop lists the .eml files newest first, shows one as text, and nothing else", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const adminAccount = await createTestStaff(db, { role: "admin" });
        const admin = await signIn(t.app, adminAccount);
        const empty = await admin.get("/staff/admin/outbox/maildrop");
        assert.equal(empty.statusCode, 200);
        assert.match(empty.body, /There are no emails in the maildrop yet/);

        const dataDir = t.config.dataDir;
        const first = outboxId(new Date("2026-03-01T09:00:00Z"));
        const second = outboxId(new Date("2026-03-02T10:30:00Z"));
        await writeToMaildrop(
          dataDir,
          first,
          eml(
            "ann@example.com",
            "Your report BL-AAAA",
            new Date("2026-03-01T09:00:00Z"),
            "First body",
          ),
        );
        await writeToMaildrop(
          dataDir,
          second,
          eml(
            "bob@example.com",
            "Alert: new case <b>BL-BBBB</b>",
            new Date("2026-03-02T10:30:00Z"),
            "Second body",
          ),
        );
        // Not the maildrop's: never listed, never served.
        const dir = maildropDir(dataDir);
        fs.writeFileSync(path.join(dir, "notes.eml"), "To: someone\r\n\r\nprivate");
        fs.writeFileSync(path.join(dataDir, "secret.txt"), "do not serve");

        const list = await admin.get("/staff/admin/outbox/maildrop");
        assert.equal(list.statusCode, 200);
        assert.match(list.body, /2 emails/);
        assert.ok(list.body.indexOf("BL-BBBB") < list.body.indexOf("BL-AAAA"), "newest first");
        assert.match(list.body, /bob@<wbr>example.<wbr>com/);
        assert.match(list.body, /2 March 2026, 10:30am/);
        assert.match(list.body, /Alert: new case &lt;b&gt;BL-BBBB&lt;\/b&gt;/, "escaped");
        assert.doesNotMatch(list.body, /notes\.eml/);
        assert.match(
          (await admin.get("/staff/admin/outbox")).body,
          /See the emails in the maildrop \(2\)/,
        );

        const one = await admin.get(`/staff/admin/outbox/maildrop/${second}.eml`);
        assert.equal(one.statusCode, 200);
        assert.equal(one.headers["content-type"], "text/plain; charset=utf-8");
        assert.equal(one.headers["x-content-type-options"], "nosniff");
        assert.equal(one.headers["cache-control"], "no-store");
        assert.match(one.body, /Second body/);
        const viewed = await db
          .selectFrom("audit_log")
          .select("detail")
          .where("action", "=", "maildrop-email-viewed")
          .where("staff_id", "=", adminAccount.id)
          .execute();
        assert.deepEqual(
          viewed.map((v) => JSON.parse(v.detail)),
          [{ file: `${second}.eml` }],
        );

        for (const attempt of [
          "notes.eml",
          "..%2Fsecret.txt",
          "..%2F..%2Fetc%2Fpasswd",
          "%2E%2E%2Fsecret.txt",
          `..%2Fmaildrop%2F${second}.eml`,
          `${second}.eml%00.txt`,
          `${outboxId()}.eml`,
          "bluelamp.sqlite",
        ]) {
          const res = await admin.get(`/staff/admin/outbox/maildrop/${attempt}`);
          assert.ok([400, 404].includes(res.statusCode), `${attempt}: ${res.statusCode}`);
          assert.doesNotMatch(res.body, /do not serve|private|Second body|SQLite/);
        }
        const traversal = await admin.get(`/staff/admin/outbox/../../../secret.txt`);
        assert.doesNotMatch(traversal.body, /do not serve/);
      } finally {
        await t.close();
      }
    });

    test("the maildrop pages through many emails", async () => {
      const t = await buildTestApp(dialect);
      try {
        const db = t.database.handle.db;
        const admin = await signIn(t.app, await createTestStaff(db, { role: "admin" }));
        const start = Date.parse("2026-05-01T08:00:00Z");
        for (let i = 0; i < 55; i++) {
          const at = new Date(start + i * 60_000);
          await writeToMaildrop(
            t.config.dataDir,
            outboxId(at),
            eml(`p${i}@example.com`, `Message number ${i}`, at, "x"),
          );
        }
        const first = await admin.get("/staff/admin/outbox/maildrop");
        assert.match(first.body, /Emails 1 to 50 of 55/);
        assert.match(first.body, /Message number 54</);
        assert.doesNotMatch(first.body, /Message number 4</);
        assert.match(first.body, /href="\/staff\/admin\/outbox\/maildrop\?page=2"/);
        const second = await admin.get("/staff/admin/outbox/maildrop?page=2");
        assert.match(second.body, /Emails 51 to 55 of 55/);
        assert.match(second.body, /Message number 0</);
        const silly = await admin.get("/staff/admin/outbox/maildrop?page=999");
        assert.match(silly.body, /Emails 1 to 50 of 55/);
      } finally {
        await t.close();
      }
    });
  });
}
