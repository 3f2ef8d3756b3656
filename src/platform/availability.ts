// Knows whether the database is usable. While it is not, public pages answer 503 with the
// "service unavailable" page (which gives the phone numbers) instead of failing one by one,
// and a background probe brings the site back by itself when the database returns.
import type { DatabaseHandle } from "../db/database.ts";

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "ERR_SQLITE_ERROR",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/** True when an error means "the database cannot be reached", not "this query is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) {
    // node:sqlite reports every failure as ERR_SQLITE_ERROR; only I/O and locking are outages.
    if (code === "ERR_SQLITE_ERROR")
      return /disk I\/O|unable to open|database is locked|readonly/i.test(error.message);
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    error.message,
  );
}

export class DatabaseAvailability {
  private available = false;
  private migrated = false;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  readonly database: DatabaseHandle;
  readonly probeMillis: number;
  readonly onChange: (available: boolean, error?: unknown) => void;
  /** Runs once the database first answers: migrations, then seeding of an empty database. */
  readonly prepare: () => Promise<void>;

  constructor(
    database: DatabaseHandle,
    probeMillis: number,
    onChange: (available: boolean, error?: unknown) => void = () => {},
    prepare: () => Promise<void> = () => database.migrate(),
  ) {
    this.database = database;
    this.probeMillis = probeMillis;
    this.onChange = onChange;
    this.prepare = prepare;
  }

  get isAvailable(): boolean {
    return this.available;
  }

  /** First contact: migrate if we can; if not, keep trying in the background. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.probeMillis);
    this.timer.unref();
  }

  /** Called when a request hit an outage, so the next requests get the 503 page at once. */
  markUnavailable(error: unknown): void {
    if (this.available) {
      this.available = false;
      this.onChange(false, error);
    }
  }

  /** One check; concurrent callers share it. */
  probe(): Promise<void> {
    this.probing ??= this.check().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async check(): Promise<void> {
    try {
      if (!this.migrated) {
        await this.prepare();
        this.migrated = true;
      } else {
        await this.database.ping();
      }
      if (!this.available) {
        this.available = true;
        this.onChange(true);
      }
    } catch (error) {
      if (this.available) {
        this.available = false;
        this.onChange(false, error);
      } else if (!this.migrated) {
        this.onChange(false, error);
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
