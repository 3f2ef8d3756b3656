// Server-side sessions: the browser holds only an opaque random token; what a person has
// told us lives in the database, keyed by the token's SHA-256. So nothing personal sits in
// the browser, and a session survives a restart or a move to another app process.
import { hash as digest, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { cookieName, cookieOptions } from "./cookies.ts";

export type SessionData = Record<string, unknown>;

export type Session = {
  /** The hashed id, as stored; safe to use as a key elsewhere (e.g. a journey id). */
  id: string;
  data: SessionData;
  createdAt: string;
};

// The one-shot digest: no Hash object per request.
const hash = (token: string) => digest("sha256", token, "hex");

/** Stands in for a value when a query is compiled ahead of time; see `compiledOnce`. */
const slot = (name: string) => `\u0000slot:${name}`;

/**
 * Compiles `query` now and returns a function that fills in its slots, so a statement run on
 * every request is not rebuilt and recompiled by Kysely each time (about 5 % of a form
 * POST's CPU). The SQL text stays the same, so SQLite's prepared statement is reused too.
 */
function compiledOnce<R>(query: Compilable<R>) {
  const compiled = query.compile();
  const names = compiled.parameters.map((value) =>
    typeof value === "string" && value.startsWith(slot(""))
      ? value.slice(slot("").length)
      : undefined,
  );
  return (values: Record<string, string>): CompiledQuery<R> => ({
    ...compiled,
    parameters: compiled.parameters.map((value, i) => {
      const name = names[i];
      if (name === undefined) return value;
      if (!(name in values)) throw new Error(`no value for the query's slot "${name}"`);
      return values[name];
    }),
  });
}

/** Runs a compiled statement (DatabaseHandle.runStatement: past Kysely on PostgreSQL). */
export type RunStatement = <R>(query: CompiledQuery<R>) => Promise<{ rows: R[] }>;

export class SessionStore {
  readonly db: Kysely<Database>;
  readonly idleMillis: number;
  readonly now: () => Date;
  readonly #run: RunStatement;
  // The statements every request with a session runs, compiled once.
  private readonly loadQuery;
  private readonly createQuery;
  private readonly saveQuery;
  constructor(
    db: Kysely<Database>,
    idleMillis: number,
    now: () => Date = () => new Date(),
    run: RunStatement = (query) => db.executeQuery(query),
  ) {
    this.db = db;
    this.idleMillis = idleMillis;
    this.now = now;
    this.#run = run;
    this.loadQuery = compiledOnce(
      db
        .selectFrom("sessions")
        .select(["id", "data", "created_at", "expires_at"])
        .where("id", "=", slot("id")),
    );
    this.createQuery = compiledOnce(
      db.insertInto("sessions").values({
        id: slot("id"),
        data: slot("data"),
        created_at: slot("now"),
        updated_at: slot("now"),
        expires_at: slot("expires"),
      }),
    );
    this.saveQuery = compiledOnce(
      db
        .updateTable("sessions")
        .set({ data: slot("data"), updated_at: slot("now"), expires_at: slot("expires") })
        .where("id", "=", slot("id")),
    );
  }

  async load(token: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const { rows } = await this.#run(this.loadQuery({ id: hash(token) }));
    const row = rows[0];
    if (!row || row.expires_at <= this.now().toISOString()) return undefined;
    return { id: row.id, data: JSON.parse(row.data), createdAt: row.created_at };
  }

  async create(data: SessionData = {}): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const session = { id: hash(token), data, createdAt: now.toISOString() };
    await this.#run(
      this.createQuery({
        id: session.id,
        data: JSON.stringify(data),
        now: session.createdAt,
        expires: this.expiry(now),
      }),
    );
    return { token, session };
  }

  /** Saves the data and pushes the idle expiry forward. */
  async save(session: Session): Promise<void> {
    const now = this.now();
    await this.#run(
      this.saveQuery({
        id: session.id,
        data: JSON.stringify(session.data),
        now: now.toISOString(),
        expires: this.expiry(now),
      }),
    );
  }

  async destroy(session: Session): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", session.id).execute();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom("sessions")
      .where("expires_at", "<=", this.now().toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.idleMillis).toISOString();
  }
}

declare module "fastify" {
  interface FastifyRequest {
    /** The session, if the browser sent a live one; loaded on first use. */
    getSession(): Promise<Session | undefined>;
    /** The session, created (and its cookie set) if there is none yet. */
    ensureSession(reply: FastifyReply): Promise<Session>;
    saveSession(session: Session): Promise<void>;
    /** Forgets the session on the server and in the browser (e.g. "Exit this page"). */
    destroySession(reply: FastifyReply): Promise<void>;
    /**
     * Moves the session's data to a new id and token (at sign-in), so a token someone
     * planted or saw before sign-in is worthless after it.
     */
    rotateSession(reply: FastifyReply): Promise<Session>;
  }
}

const LOADED = Symbol("the request's session");
type WithLoadedSession = { [LOADED]: Promise<Session | undefined> | null };

async function sessions(app: FastifyInstance, options: { config: Config; store: SessionStore }) {
  const name = cookieName(options.config, "session");
  const { store } = options;
  // The request's session, once asked for, kept on the request itself: a property every
  // request is made with (decorated), which dies with it. A WeakMap keyed by request did the
  // same, but its long-lived table was reallocated as requests came and went: garbage on
  // every request, and the largest source of a heap sample's live objects under load.
  app.decorateRequest(LOADED, null);
  const loaded = (request: FastifyRequest) => request as unknown as WithLoadedSession;

  app.decorateRequest("getSession", function getSession(this: FastifyRequest) {
    const request = loaded(this);
    let pending = request[LOADED];
    if (!pending) {
      const token = this.cookies[name];
      pending = token ? store.load(token) : Promise.resolve(undefined);
      request[LOADED] = pending;
    }
    return pending;
  });

  app.decorateRequest(
    "ensureSession",
    async function ensureSession(this: FastifyRequest, reply: FastifyReply) {
      const existing = await this.getSession();
      if (existing) return existing;
      const { token, session } = await store.create();
      reply.setCookie(name, token, cookieOptions(options.config));
      loaded(this)[LOADED] = Promise.resolve(session);
      return session;
    },
  );

  app.decorateRequest("saveSession", (session: Session) => store.save(session));

  app.decorateRequest(
    "rotateSession",
    async function rotateSession(this: FastifyRequest, reply: FastifyReply) {
      const old = await this.getSession();
      const { token, session } = await store.create(old?.data ?? {});
      if (old) await store.destroy(old);
      reply.setCookie(name, token, cookieOptions(options.config));
      loaded(this)[LOADED] = Promise.resolve(session);
      return session;
    },
  );

  app.decorateRequest(
    "destroySession",
    async function destroySession(this: FastifyRequest, reply: FastifyReply) {
      const session = await this.getSession();
      if (session) await store.destroy(session);
      reply.clearCookie(name, cookieOptions(options.config));
      loaded(this)[LOADED] = Promise.resolve(undefined);
    },
  );
}

export default fp(sessions, { name: "sessions" });
