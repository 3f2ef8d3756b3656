// The outbox worker: claims due messages in small batches, delivers them, and records what
// happened. Any number of workers may run against one database (in the web processes and
// as `npm run worker`); claims with leases keep them from sending the same message at the
// same time. Delivery is at least once; see docs/adr/0006-outbox.md for the one window in
// which a message can go twice, and why receivers can tell.
import { setTimeout as sleep } from "node:timers/promises";
import type { DatabaseHandle } from "../db/database.ts";
import { type Backoff, DEFAULT_BACKOFF, retryDelay } from "./backoff.ts";
import type { EmailSender } from "./email.ts";
import { DeliveryError, describeFailure } from "./failures.ts";
import type { StoredWebhookBody } from "./messages.ts";
import {
  type ClaimedMessage,
  claimDue,
  markFailed,
  markSent,
  releaseClaims,
} from "./repository.ts";
import { deliverWebhook } from "./webhook.ts";

/** The part of a pino logger the worker uses. Fields never hold personal data. */
export type OutboxLogger = {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
};

export type OutboxWorkerTuning = {
  /** Messages claimed at a time. */
  batchSize?: number;
  /** Messages of a batch delivered at once. */
  concurrency?: number;
  /** How long a claim lasts: longer than the deliveries of a whole batch can take. */
  leaseMillis?: number;
  /** Longest one delivery may take before it counts as failed. */
  sendTimeoutMillis?: number;
  /** How long to wait when nothing is due. */
  pollMillis?: number;
  /** Attempts before a message is dead. */
  maxAttempts?: number;
  backoff?: Backoff;
  /** Webhook answer time limit (at most sendTimeoutMillis). */
  webhookTimeoutMillis?: number;
};

export type OutboxWorkerOptions = OutboxWorkerTuning & {
  database: Pick<DatabaseHandle, "db" | "dialect">;
  email: EmailSender;
  logger?: OutboxLogger;
  now?: () => Date;
  random?: () => number;
};

export type OutboxWorkerStats = { sent: number; failed: number; dead: number; released: number };

const silent: OutboxLogger = { debug() {}, info() {}, warn() {}, error() {} };

export class OutboxWorker {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly leaseMillis: number;
  readonly sendTimeoutMillis: number;
  readonly pollMillis: number;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly webhookTimeoutMillis: number;
  readonly stats: OutboxWorkerStats = { sent: 0, failed: 0, dead: 0, released: 0 };
  private readonly database: OutboxWorkerOptions["database"];
  private readonly email: EmailSender;
  private readonly logger: OutboxLogger;
  private readonly now: () => Date;
  private readonly random: () => number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private wakeController: AbortController | undefined;

  constructor(options: OutboxWorkerOptions) {
    this.database = options.database;
    this.email = options.email;
    this.logger = options.logger ?? silent;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? 10;
    this.concurrency = Math.min(options.concurrency ?? 5, this.batchSize);
    this.sendTimeoutMillis = options.sendTimeoutMillis ?? 30_000;
    this.leaseMillis = options.leaseMillis ?? 120_000;
    this.pollMillis = options.pollMillis ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.webhookTimeoutMillis = Math.min(
      options.webhookTimeoutMillis ?? 10_000,
      this.sendTimeoutMillis,
    );
    // Every delivery of a batch must be over before the batch's lease ends, or another
    // worker could take a message this one is still sending.
    const rounds = Math.ceil(this.batchSize / this.concurrency);
    if (this.leaseMillis < rounds * this.sendTimeoutMillis * 1.25) {
      throw new RangeError(
        `outbox worker: a lease of ${this.leaseMillis} ms is too short for ${rounds} rounds of ${this.sendTimeoutMillis} ms deliveries`,
      );
    }
    if (this.maxAttempts < 1) throw new RangeError("outbox worker: maxAttempts must be at least 1");
  }

  /** Starts the loop in the background. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Looks for due messages now instead of at the next poll (e.g. just after enqueueing). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeController?.abort();
  }

  /**
   * Stops: deliveries already started finish (each within sendTimeoutMillis), claimed
   * messages not yet started are released for any worker to take at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeController?.abort();
    await this.running;
    this.running = undefined;
    this.email.close();
  }

  get isRunning(): boolean {
    return this.running !== undefined && !this.stopping;
  }

  private async loop(): Promise<void> {
    let databaseFailures = 0;
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.runOnce();
        if (databaseFailures > 0) this.logger.info({}, "outbox worker: database reachable again");
        databaseFailures = 0;
      } catch (error) {
        databaseFailures++;
        if (databaseFailures === 1) {
          this.logger.warn(
            { err: { message: describeFailure(error).summary } },
            "outbox worker: the database is unavailable or failing, will keep trying",
          );
        }
      }
      if (this.stopping) break;
      if (handled < this.batchSize) {
        const wait =
          databaseFailures > 0
            ? Math.min(30_000, this.pollMillis * 2 ** Math.min(databaseFailures, 10))
            : this.pollMillis;
        await this.idle(wait);
      }
    }
  }

  private async idle(millis: number): Promise<void> {
    if (this.wakeRequested || this.stopping) {
      this.wakeRequested = false;
      return;
    }
    const controller = new AbortController();
    this.wakeController = controller;
    try {
      await sleep(millis, undefined, { signal: controller.signal });
    } catch {
      // woken by wake() or stop()
    }
    this.wakeController = undefined;
    this.wakeRequested = false;
  }

  /** Claims one batch and delivers it. Returns how many messages were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await claimDue(this.database, {
      now: this.now(),
      limit: this.batchSize,
      leaseMillis: this.leaseMillis,
    });
    if (claimed.length === 0) return 0;
    const queue = [...claimed];
    const unused: ClaimedMessage[] = [];
    const lane = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        // Stopping, or too close to the end of the lease to finish in time: give it back.
        const leaseLeft = Date.parse(message.lease) - this.now().getTime();
        if (this.stopping || leaseLeft < this.sendTimeoutMillis) {
          unused.push(message);
          continue;
        }
        await this.deliver(message);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, lane));
    if (unused.length > 0) {
      const released = await releaseClaims(this.database.db, unused);
      this.stats.released += released;
      this.logger.info({ released }, "outbox worker: released messages it had not started");
    }
    return claimed.length;
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const fields = {
      outboxId: message.id,
      channel: message.channel,
      attempt: message.attempts + 1,
    };
    try {
      await this.send(message, AbortSignal.timeout(this.sendTimeoutMillis));
    } catch (error) {
      await this.recordFailure(message, error, fields);
      return;
    }
    // Sent. Until this update commits, a crash here means a second delivery later: retry
    // the update a little while the lease lasts rather than give up at the first hiccup.
    for (let attempt = 1; ; attempt++) {
      try {
        const recorded = await markSent(this.database.db, message, this.now());
        this.stats.sent++;
        if (recorded) this.logger.debug(fields, "outbox message sent");
        else
          this.logger.warn(fields, "outbox message sent after its claim passed to another worker");
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.logger.error(
            { ...fields, err: { message: describeFailure(error).summary } },
            "outbox message sent but not recorded: it may be sent again",
          );
          return;
        }
        await sleep(250 * attempt);
      }
    }
  }

  private async recordFailure(
    message: ClaimedMessage,
    error: unknown,
    fields: { outboxId: string; channel: string; attempt: number },
  ): Promise<void> {
    const failure = describeFailure(error);
    const attempts = message.attempts + 1;
    const dead = failure.permanent || attempts >= this.maxAttempts;
    const retryAt = dead
      ? undefined
      : new Date(this.now().getTime() + retryDelay(attempts, this.backoff, this.random));
    try {
      await markFailed(this.database.db, message, { error: failure.summary, retryAt });
    } catch (recordError) {
      // The lease will pass and the message will be tried again; nothing is lost.
      this.logger.error(
        { ...fields, err: { message: describeFailure(recordError).summary } },
        "outbox worker: could not record a failed attempt",
      );
      return;
    }
    if (dead) this.stats.dead++;
    else this.stats.failed++;
    this.logger.warn(
      { ...fields, error: failure.summary, dead, retryAt: retryAt?.toISOString() },
      dead ? "outbox message dead: it needs an admin" : "outbox message failed: will try again",
    );
  }

  private async send(message: ClaimedMessage, signal: AbortSignal): Promise<void> {
    if (message.channel === "email") {
      await this.email.send(
        {
          id: message.id,
          to: message.recipient,
          subject: message.subject ?? "",
          text: message.body,
        },
        signal,
      );
      return;
    }
    if (message.channel === "webhook") {
      let stored: StoredWebhookBody;
      try {
        stored = JSON.parse(message.body) as StoredWebhookBody;
      } catch {
        throw new DeliveryError("webhook message is not valid JSON", { permanent: true });
      }
      const timeout = AbortSignal.any([signal, AbortSignal.timeout(this.webhookTimeoutMillis)]);
      await deliverWebhook(
        { id: message.id, url: message.recipient, secret: stored.secret, payload: stored.payload },
        { now: this.now(), signal: timeout },
      );
      return;
    }
    throw new DeliveryError(`unknown channel ${String(message.channel)}`, { permanent: true });
  }
}
