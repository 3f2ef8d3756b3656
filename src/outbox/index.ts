// The outbox: every message that leaves the system is written here in the same transaction
// as its cause (`enqueue`), and delivered by a worker with retries, backoff and a dead-letter
// state. See docs/adr/0006-outbox.md.
import type { Config } from "../config.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { createEmailSender } from "./email.ts";
import { type OutboxLogger, OutboxWorker, type OutboxWorkerTuning } from "./worker.ts";

export { type Backoff, DEFAULT_BACKOFF, retryDelay } from "./backoff.ts";
export { createEmailSender, type EmailSender, type EmailToSend } from "./email.ts";
export { DeliveryError, describeFailure } from "./failures.ts";
export { listMaildrop, type MaildropEntry, maildropDir, readMaildrop } from "./maildrop.ts";
export {
  type EnqueueOptions,
  enqueue,
  isEmailAddress,
  messageIdFor,
  type OutgoingEmail,
  type OutgoingMessage,
  type OutgoingWebhook,
} from "./messages.ts";
export {
  type DeadLetter,
  listDeadLetters,
  type OutboxStats,
  outboxStats,
  retryMessage,
} from "./repository.ts";
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type WebhookEnvelope,
} from "./webhook.ts";
export { type OutboxLogger, OutboxWorker, type OutboxWorkerTuning } from "./worker.ts";

/** A worker over this database, sending as the configuration says (SMTP or the maildrop). */
export function createOutboxWorker(
  config: Pick<Config, "dataDir" | "outbox">,
  database: Pick<DatabaseHandle, "db" | "dialect">,
  options: OutboxWorkerTuning & { logger?: OutboxLogger; now?: () => Date } = {},
): OutboxWorker {
  const concurrency = options.concurrency ?? 5;
  const email = createEmailSender({
    smtpUrl: config.outbox.smtpUrl,
    dataDir: config.dataDir,
    from: config.outbox.mailFrom,
    maxConnections: concurrency,
  });
  return new OutboxWorker({
    maxAttempts: config.outbox.maxAttempts,
    ...options,
    concurrency,
    database,
    email,
  });
}
