// Chooses the dialect: PostgreSQL when DATABASE_URL names one, otherwise the embedded SQLite
// file in DATA_DIR. Everything above this module talks to a Kysely<Database> and does not
// know which it has.
import fs from "node:fs";
import path from "node:path";
import { type CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrations } from "./migrations/index.ts";
import { openSqlite } from "./node-sqlite.ts";
import { preparingPool } from "./prepared-statements.ts";
import type { Database } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * Runs a compiled statement and gives its rows: for the few statements every request runs
   * (loading and saving the session). On PostgreSQL it goes straight to a pooled connection,
   * past Kysely's executor, driver and connection layers, each an async step with promises
   * of its own: about a sixth of what a form POST allocated. SQLite's goes through Kysely,
   * whose lock on its one connection keeps a statement out of another request's transaction.
   */
  runStatement<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (tests give each app its own). */
  schema?: string;
  /** Fail fast when PostgreSQL cannot be reached, so pages can say the service is unavailable. */
  connectTimeoutMillis?: number;
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const { database } = openSqlite(path.join(options.dataDir, "bluelamp.sqlite"));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return handle(db, "sqlite", (query) => db.executeQuery(query));
}

function openPostgres(url: string, options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: options.connectTimeoutMillis ?? 3000,
    idleTimeoutMillis: 30_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener
  // that would crash the process instead of letting /readyz report the outage.
  pool.on("error", () => {});
  // A client that is checked out when its connection drops emits 'error' itself; unheard,
  // that would crash the process. The query in flight still fails and is handled upstream.
  pool.on("connect", (client) => client.on("error", () => {}));
  // Statements go as named prepared statements: parsed once per connection (see there).
  const preparing = preparingPool(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing }) });
  async function runStatement<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }> {
    const client = await preparing.connect();
    try {
      const result = await client.query<R>(query.sql, query.parameters);
      return { rows: result.rows ?? [] };
    } finally {
      client.release();
    }
  }
  // Kysely looks for its migration tables by name across every schema unless told which;
  // another schema's tables (another app, a test) must not count as ours. Without an explicit
  // schema, ours is the connection's current one (search_path may be set in DATABASE_URL).
  return handle(
    db,
    "postgres",
    runStatement,
    options.schema ??
      (async () => {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
          db,
        );
        return rows[0]?.schema ?? "public";
      }),
  );
}

function handle(
  db: Kysely<Database>,
  dialect: Dialect,
  runStatement: DatabaseHandle["runStatement"],
  migrationTableSchema?: string | (() => Promise<string>),
): DatabaseHandle {
  return {
    db,
    dialect,
    runStatement,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async migrate() {
      const schema =
        typeof migrationTableSchema === "function"
          ? await migrationTableSchema()
          : migrationTableSchema;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => migrations },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === "Error");
      if (error || failed) {
        throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
