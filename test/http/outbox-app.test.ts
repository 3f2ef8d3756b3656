// The outbox worker inside the web process: it starts when the app is ready and stops when
// the app closes. Tests get it only when they ask. And the outbox settings.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { enqueue, listMaildrop } from "../../src/outbox/index.ts";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { waitUntil } from "./outbox-fixtures/setup.ts";

for (const dialect of testDialects()) {
  describe(`the in-process outbox worker (${dialect})`, () => {
    test("runs only when asked in tests, delivers, and stops with the app", async () => {
      const quiet = await buildTestApp(dialect);
      try {
        assert.equal(quiet.app.outboxWorker, undefined);
      } finally {
        await quiet.close();
      }

      const t = await buildTestApp(dialect, {}, { outboxWorker: { pollMillis: 5_000 } });
      try {
        const worker = t.app.outboxWorker;
        assert.ok(worker?.isRunning);
        await enqueue(t.database.handle.db, {
          channel: "email",
          to: "reporter@example.org",
          subject: "We have your report",
          text: "Your reference is K7M2-Q9TX-4.",
        });
        // wake() sends at once instead of at the next poll, five seconds away.
        worker.wake();
        await waitUntil(
          async () => (await listMaildrop(t.config.dataDir)).length === 1,
          "the email in the maildrop",
          3000,
        );
        await t.app.close();
        assert.equal(worker.isRunning, false);
      } finally {
        await t.close();
      }
    });
  });
}

describe("outbox settings", () => {
  test("defaults: the maildrop, a From at the public host, the worker in process, 10 attempts", () => {
    const config = loadConfig({ NODE_ENV: "test", PUBLIC_URL: "https://online.police.example" });
    assert.deepEqual(config.outbox, {
      smtpUrl: undefined,
      mailFrom: '"Bluelamp Police" <no-reply@online.police.example>',
      workerInProcess: true,
      maxAttempts: 10,
    });
  });

  test("SMTP_URL, MAIL_FROM, WORKER_IN_PROCESS and OUTBOX_MAX_ATTEMPTS are read and checked", () => {
    const config = loadConfig({
      NODE_ENV: "test",
      SMTP_URL: "smtp://user:pass@127.0.0.1:2525",
      MAIL_FROM: "Alerts <alerts@police.example>",
      WORKER_IN_PROCESS: "false",
      OUTBOX_MAX_ATTEMPTS: "3",
    });
    assert.deepEqual(config.outbox, {
      smtpUrl: "smtp://user:pass@127.0.0.1:2525",
      mailFrom: "Alerts <alerts@police.example>",
      workerInProcess: false,
      maxAttempts: 3,
    });
    assert.equal(
      loadConfig({ NODE_ENV: "test", WORKER_IN_PROCESS: "on" }).outbox.workerInProcess,
      true,
    );

    const refused = (env: Record<string, string>, message: RegExp) =>
      assert.throws(
        () => loadConfig({ NODE_ENV: "test", ...env }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    refused({ SMTP_URL: "http://user:hunter2@mail.example" }, /^SMTP_URL must look like/);
    refused({ SMTP_URL: "mail.example:25" }, /^SMTP_URL must look like/);
    assert.throws(
      () => loadConfig({ NODE_ENV: "test", SMTP_URL: "http://user:hunter2@mail.example" }),
      (error: Error) => !error.message.includes("hunter2"),
      "the password is not repeated in the error",
    );
    refused({ MAIL_FROM: "no address here" }, /^MAIL_FROM must be an address/);
    refused({ WORKER_IN_PROCESS: "sometimes" }, /^WORKER_IN_PROCESS must be true or false/);
    refused({ OUTBOX_MAX_ATTEMPTS: "0" }, /^OUTBOX_MAX_ATTEMPTS must be a whole number/);
  });
});
