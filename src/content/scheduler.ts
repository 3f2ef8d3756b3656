// Scheduled publishing, in the web process. Two triggers, both cheap:
//  - every request compares the clock with the next due time it remembers (no query), and
//    only when something is due runs the schedule before the request carries on, so the
//    page asked for is already right;
//  - a timer re-reads the next due time now and then, to see what another process scheduled.
// The clock is injected, so tests move time forward instead of waiting.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { nextScheduledChange, runDueSchedules } from "./workflow.ts";

type Logger = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

export class ContentScheduler {
  readonly #db: Kysely<Database>;
  readonly #now: () => Date;
  readonly #log: Logger | undefined;
  /** undefined: not read yet; null: nothing scheduled. */
  #nextDue: string | null | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, now: () => Date, log?: Logger) {
    this.#db = db;
    this.#now = now;
    this.#log = log;
  }

  /** On each request: a comparison, and a query only when something is (or may be) due. */
  async tick(): Promise<void> {
    if (this.#running) return this.#running;
    if (this.#nextDue === null) return;
    if (this.#nextDue !== undefined && this.#now().toISOString() < this.#nextDue) return;
    return this.run();
  }

  /** Runs whatever is due, then remembers when the next change is. One run at a time. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      try {
        const done = await runDueSchedules(this.#db, this.#now());
        if (done.published || done.unpublished) this.#log?.info(done, "scheduled content changes");
        this.#nextDue = (await nextScheduledChange(this.#db)) ?? null;
      } catch (error) {
        // Try again on the next request or tick; never fail a page because of the schedule.
        this.#nextDue = undefined;
        this.#log?.warn(
          { err: { message: String((error as Error)?.message ?? error) } },
          "content schedule failed",
        );
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** After a schedule changes in this process: read the next due time again. */
  changed(): void {
    this.#nextDue = undefined;
  }

  start(intervalMillis: number): void {
    this.#timer = setInterval(() => void this.run(), intervalMillis);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
