// Shared set-up for the outbox tests: a migrated test database, messages in its outbox, and a
// way to wait for something with a deadline.
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../../../src/config.ts";
import type { Dialect } from "../../../src/db/database.ts";
import { enqueue, messageIdFor } from "../../../src/outbox/index.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/database.ts";

export const MAIL_FROM = "Bluelamp Police <no-reply@police.example>";

export async function outboxDatabase(dialect: Dialect): Promise<TestDatabase> {
  const database = await createTestDatabase(dialect);
  await database.handle.migrate();
  return database;
}

export function outboxConfig(
  dataDir: string,
  smtpUrl: string | undefined,
  maxAttempts = 10,
): Pick<Config, "dataDir" | "outbox"> {
  return { dataDir, outbox: { smtpUrl, mailFrom: MAIL_FROM, workerInProcess: false, maxAttempts } };
}

/** Writes `count` emails to the outbox in one transaction; returns their ids in order. */
export async function enqueueEmails(
  database: TestDatabase,
  count: number,
  to = "team-inbox@police.example",
): Promise<string[]> {
  return database.handle.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        await enqueue(trx, {
          channel: "email",
          to,
          subject: `New case ${i + 1}`,
          text: `A new case is in your queue: https://police.example/staff/cases/${i + 1}`,
        }),
      );
    }
    return ids;
  });
}

export function messageId(id: string): string {
  return messageIdFor(id, MAIL_FROM);
}

export async function outboxRows(database: TestDatabase) {
  const rows = await database.handle.db.selectFrom("outbox").selectAll().orderBy("id").execute();
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMillis = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
