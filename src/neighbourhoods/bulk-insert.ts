// Writing many rows fast, for the importer (docs/adr/0015). Rows are plain arrays in column
// order, and the SQL is written here rather than built by Kysely: building a query object
// for thousands of rows cost more CPU than the database spent storing them.
//
// - SQLite: multi-row INSERTs of a fixed size, so the same few statements are prepared once
//   (the node:sqlite adapter caches them by their text) and reused; the caller holds the
//   transaction.
// - PostgreSQL: one INSERT … SELECT FROM unnest($1::type[], …) per 5,000 rows: one array
//   parameter a column, so one round trip and one statement plan however many rows.
import { CompiledQuery, PostgresAdapter } from "kysely";
import type { Db } from "./db.ts";

/** A column and its PostgreSQL type, for the unnest casts. */
export type Column = readonly [name: string, pgType: "text" | "integer" | "float8"];

export type Value = string | number | null;

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Inserts the rows. `onConflict` is appended as written (e.g. "on conflict (…) do update …"),
 * for both dialects.
 */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly Column[],
  rows: readonly Value[][],
  onConflict = "",
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name).join(", ");
  if (isPostgres(db)) {
    const casts = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
    // "select *" from unnest gives the arrays' elements as columns, in order.
    const text = `insert into ${table} (${names}) select * from unnest(${casts}) ${onConflict}`;
    const perStatement = 5000;
    for (let start = 0; start < rows.length; start += perStatement) {
      const end = Math.min(rows.length, start + perStatement);
      const arrays = columns.map((_, c) => {
        const values = new Array<Value>(end - start);
        for (let r = start; r < end; r++) values[r - start] = rows[r][c];
        return values;
      });
      await db.executeQuery(CompiledQuery.raw(text, arrays));
    }
    return;
  }
  // SQLite allows 32,766 parameters a statement; 8,000 or fewer keeps each bind quick.
  const perStatement = Math.max(1, Math.min(500, Math.floor(8000 / columns.length)));
  const placeholder = `(${columns.map(() => "?").join(",")})`;
  const statementFor = (n: number) =>
    `insert into ${table} (${names}) values ${new Array(n).fill(placeholder).join(",")} ${onConflict}`;
  const full = statementFor(perStatement);
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    const parameters: Value[] = [];
    for (let r = start; r < end; r++) {
      const row = rows[r];
      for (let c = 0; c < row.length; c++) parameters.push(row[c]);
    }
    const text = end - start === perStatement ? full : statementFor(end - start);
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
