import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import { createEmailSender } from "./email.ts";
import { createOutboxWorker } from "./index.ts";
import {
  decodeEncodedWords,
  listMaildrop,
  maildropDir,
  parseHeaders,
  readMaildrop,
} from "./maildrop.ts";
import { enqueue, messageIdFor } from "./messages.ts";

const FROM = '"Bluelamp Police" <no-reply@police.example>';

for (const dialect of testDialects()) {
  describe(`maildrop (${dialect})`, () => {
    test("without SMTP settings each email becomes one .eml file the back office can list", async () => {
      const database = await createTestDatabase(dialect);
      await database.handle.migrate();
      const worker = createOutboxWorker(
        {
          dataDir: database.dataDir,
          outbox: { smtpUrl: undefined, mailFrom: FROM, workerInProcess: false, maxAttempts: 10 },
        },
        database.handle,
      );
      try {
        assert.deepEqual(
          await listMaildrop(database.dataDir),
          [],
          "no folder yet: nothing to list",
        );
        const first = await enqueue(
          database.handle.db,
          {
            channel: "email",
            to: "reporter@example.org",
            subject: "We have your report K7M2-Q9TX-4 — what happens next",
            text: "Thank you.\nYour reference is K7M2-Q9TX-4.",
          },
          { now: new Date(Date.now() - 1000) },
        );
        const second = await enqueue(database.handle.db, {
          channel: "email",
          to: "roads-team@police.example",
          subject: "New case in your queue",
          text: "https://police.example/staff/cases/1",
        });
        assert.equal(await worker.runOnce(), 2);

        const listed = await listMaildrop(database.dataDir);
        assert.deepEqual(
          listed.map((entry) => [entry.file, entry.to, entry.subject, entry.messageId]),
          [
            [
              `${second}.eml`,
              "roads-team@police.example",
              "New case in your queue",
              messageIdFor(second, FROM),
            ],
            [
              `${first}.eml`,
              "reporter@example.org",
              "We have your report K7M2-Q9TX-4 — what happens next",
              messageIdFor(first, FROM),
            ],
          ],
          "newest first, subjects decoded",
        );
        assert.ok(listed.every((entry) => entry.sizeBytes > 0 && entry.date));
        const raw = await readMaildrop(database.dataDir, `${first}.eml`);
        assert.match(raw ?? "", /^Message-ID: <outbox-[0-9a-f-]{36}@police\.example>$/m);
        assert.match(raw ?? "", /^Auto-Submitted: auto-generated$/m);
        assert.match(raw ?? "", /\n\nThank you\.\nYour reference is K7M2-Q9TX-4\.\n?$/);
        assert.deepEqual(
          fs.readdirSync(maildropDir(database.dataDir)).sort(),
          [`${first}.eml`, `${second}.eml`].sort(),
          "no temporary files left behind",
        );
        const rows = await database.handle.db.selectFrom("outbox").select("status").execute();
        assert.ok(rows.every((row) => row.status === "sent"));
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });
  });
}

test("sending the same message again replaces its file rather than adding one", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-maildrop-"));
  try {
    const sender = createEmailSender({ smtpUrl: undefined, dataDir, from: FROM });
    const email = {
      id: "01a24200-0000-7000-8000-000000000001",
      to: "a@example.org",
      subject: "Hello",
      text: "Hi",
    };
    await sender.send(email, AbortSignal.timeout(5000));
    await sender.send({ ...email, text: "Hi again" }, AbortSignal.timeout(5000));
    const listed = await listMaildrop(dataDir);
    assert.equal(listed.length, 1);
    assert.match((await readMaildrop(dataDir, listed[0].file)) ?? "", /Hi again/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("reading the maildrop takes only its own file names", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-maildrop-"));
  try {
    fs.mkdirSync(maildropDir(dataDir));
    fs.writeFileSync(path.join(dataDir, "secret.eml"), "x");
    fs.writeFileSync(path.join(maildropDir(dataDir), "notes.txt"), "x");
    assert.equal(await readMaildrop(dataDir, "../secret.eml"), undefined);
    assert.equal(await readMaildrop(dataDir, "notes.txt"), undefined);
    assert.equal(
      await readMaildrop(dataDir, "01a24200-0000-7000-8000-000000000009.eml"),
      undefined,
    );
    assert.deepEqual(await listMaildrop(dataDir), []);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("headers are unfolded and encoded words decoded", () => {
  assert.equal(decodeEncodedWords("=?UTF-8?Q?Caf=C3=A9_open?="), "Café open");
  assert.equal(decodeEncodedWords("=?utf-8?B?wqM1MA==?= =?utf-8?Q?_fine?="), "£50 fine");
  assert.equal(decodeEncodedWords("plain text"), "plain text");
  const headers = parseHeaders(
    "Subject: a long\r\n folded line\r\nTo: x@example.org\r\n\r\nSubject: body",
  );
  assert.equal(headers.get("subject"), "a long folded line");
  assert.equal(headers.get("to"), "x@example.org");
});
