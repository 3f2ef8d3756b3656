// Test databases: every data-layer test runs on SQLite and on PostgreSQL. SQLite gets a
// fresh temporary folder; PostgreSQL gets a fresh schema in TEST_DATABASE_URL, dropped after.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type DatabaseHandle, type Dialect, openDatabase } from "../../src/db/database.ts";

export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * The dialects to test. PostgreSQL is always included: set TEST_DATABASE_URL to point at
 * another server. A missing server fails the tests loudly rather than skipping them.
 */
export function testDialects(): Dialect[] {
  if (process.env.TEST_DIALECTS) return process.env.TEST_DIALECTS.split(",") as Dialect[];
  return ["sqlite", "postgres"];
}

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export type TestDatabase = {
  handle: DatabaseHandle;
  dataDir: string;
  /** For PostgreSQL, the connection string with this test's schema selected. */
  databaseUrl: string | undefined;
  schema: string | undefined;
  cleanup(): Promise<void>;
};

export async function createTestDatabase(
  dialect: Dialect,
  options: { databaseUrl?: string; connectTimeoutMillis?: number } = {},
): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-test-"));
  if (dialect === "sqlite") {
    const handle = openDatabase({ dataDir });
    return {
      handle,
      dataDir,
      databaseUrl: undefined,
      schema: undefined,
      async cleanup() {
        await handle.close().catch(() => {});
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = testDatabaseUrl();
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({
    dataDir,
    databaseUrl: options.databaseUrl ?? adminUrl,
    schema,
    connectTimeoutMillis: options.connectTimeoutMillis,
  });
  return {
    handle,
    dataDir,
    databaseUrl: adminUrl,
    schema,
    async cleanup() {
      await handle.close().catch(() => {});
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
