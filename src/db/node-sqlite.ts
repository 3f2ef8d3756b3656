// Kysely's SqliteDialect expects a better-sqlite3-shaped database. node:sqlite is built into
// Node 24 and needs no native add-on, so this adapter gives it that shape (see docs/adr/0002).
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

export function openSqlite(file: string): { database: SqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(file);
  // WAL lets readers carry on while a write commits; busy_timeout makes a second process
  // (a worker, a migration run) wait for the lock instead of failing at once.
  raw.exec("PRAGMA journal_mode = WAL");
  raw.exec("PRAGMA busy_timeout = 5000");
  raw.exec("PRAGMA foreign_keys = ON");
  raw.exec("PRAGMA synchronous = NORMAL");
  const cache = new Map<string, SqliteStatement>();
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      const statement = raw.prepare(sql);
      const reader = statement.columns().length > 0;
      const wrapped: SqliteStatement = {
        reader,
        all: (parameters) => statement.all(...(parameters as SQLInputValue[])),
        run: (parameters) => statement.run(...(parameters as SQLInputValue[])),
        iterate: (parameters) => statement.iterate(...(parameters as SQLInputValue[])),
      };
      // Kysely prepares every query afresh; caching the prepared statement by its SQL text
      // saves the parse on hot paths. Bounded so generated SQL cannot grow it forever.
      if (cache.size < 500) cache.set(sql, wrapped);
      return wrapped;
    },
  };
  return { database, raw };
}
