// PostgreSQL parses and plans every unnamed statement again each time it runs. For the few
// small statements run on every request (a form POST loads and saves its session: two
// statements), that parsing was about as much of the database's CPU as running them, and on
// a machine where the database shares cores with the app it is CPU the app does not get.
// So statements are sent as named prepared statements: each connection parses one once and
// then only binds and executes it. The round trips per statement stay one.
//
// Bounds and exceptions:
// - Names are kept for at most MAX_NAMED distinct texts per process; any text after that is
//   sent unnamed, as before. (The app's statements are a fixed set, but a query with a
//   variable-length list would otherwise add a statement per length to every connection.)
// - Only select/insert/update/delete/with are named (never DDL, transaction control or
//   locks), and never a statement with a `*` column list: if a migration added a column
//   while it stayed prepared, PostgreSQL would refuse to run it ("cached plan must not
//   change result type").
// - If PostgreSQL still refuses a prepared statement for that reason (a column's type
//   changed under a running process), that query fails as before, and the connection is
//   closed instead of going back to the pool, so the next one prepares it afresh.
// See docs/adr/0011-forms-throughput.md.
import { createHash } from "node:crypto";
import type { PostgresCursor, PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";

export const MAX_NAMED = 500;

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

export class StatementNames {
  private readonly names = new Map<string, string | null>();
  private readonly limit: number;
  constructor(limit = MAX_NAMED) {
    this.limit = limit;
  }

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known ?? undefined;
    if (this.names.size >= this.limit) return undefined;
    const name = preparable(text)
      ? `bl_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`
      : null;
    this.names.set(text, name);
    return name ?? undefined;
  }
}

function preparable(text: string): boolean {
  return PREPARABLE.test(text) && !text.replace(/count\(\*\)/gi, "").includes("*");
}

/** `pool` for Kysely's PostgresDialect, sending statements as named prepared statements. */
export function preparingPool(pool: pg.Pool, names = new StatementNames()): PostgresPool {
  // One wrapper per connection, so Kysely sees the same client each time it is checked out.
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let wrapper = wrapped.get(client);
      if (!wrapper) {
        wrapper = preparing(client, names);
        wrapped.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

function preparing(client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  let stale = false;
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<R>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown {
    if (typeof sqlOrCursor !== "string") return client.query(sqlOrCursor as pg.Submittable);
    const name = names.nameFor(sqlOrCursor);
    if (!name) return client.query(sqlOrCursor, parameters as unknown[]);
    return client
      .query({ name, text: sqlOrCursor, values: parameters as unknown[] })
      .catch((error: { code?: string }) => {
        // 0A000 feature_not_supported: "cached plan must not change result type".
        if (error?.code === "0A000") stale = true;
        throw error;
      });
  }
  return {
    query: query as PostgresPoolClient["query"],
    release: (destroy?: boolean) => client.release(destroy || stale),
  };
}
