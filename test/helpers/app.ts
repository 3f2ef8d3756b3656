// Builds the real app over a real test database, as production does, for app.inject tests.
import type { App, Deps } from "../../src/app.ts";
import { buildApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import type { Dialect } from "../../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export type TestApp = { app: App; config: Config; database: TestDatabase; close(): Promise<void> };

export async function buildTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  deps: Partial<Deps> = {},
  beforeReady?: (app: App) => void,
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    NODE_ENV: "test",
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
    POST_RATE_LIMIT: "1000",
    ...env,
    DATA_DIR: database.dataDir,
  });
  const app = await buildApp(config, { database: database.handle, ...deps });
  beforeReady?.(app);
  await app.ready();
  // On a loaded machine the first connection can time out; the app then retries by itself,
  // but a test must not start before the database is ready.
  for (let i = 0; i < 60 && !app.availability.isAvailable; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await app.availability.probe();
  }
  if (!app.availability.isAvailable) throw new Error(`the ${dialect} test database did not become ready`);
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.cleanup();
    },
  };
}

/** Reads the CSRF token from a rendered form and the cookies the response set. */
export function formState(response: {
  body: string;
  cookies: Array<{ name: string; value: string }>;
}) {
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return { token, cookies };
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}
