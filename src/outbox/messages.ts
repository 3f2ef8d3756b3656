// An outbox message is a row written in the same transaction as the change that caused it
// (a submission, a status change), so the message exists if and only if the change committed.
// The worker delivers it afterwards. Nothing here sends anything.
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

/** An email to one address: plain text, no attachments. */
export type OutgoingEmail = {
  channel: "email";
  to: string;
  subject: string;
  text: string;
  caseId?: string;
};

/** A JSON POST, signed with the secret, to a force's records system. */
export type OutgoingWebhook = {
  channel: "webhook";
  url: string;
  secret: string;
  payload: unknown;
  caseId?: string;
};

export type OutgoingMessage = OutgoingEmail | OutgoingWebhook;

type Db = Kysely<Database> | Transaction<Database>;

export type EnqueueOptions = {
  /** The time of the change; defaults to now. */
  now?: Date;
  /** Do not deliver before this time (defaults to at once). */
  notBefore?: Date;
};

/**
 * Writes a message to the outbox inside the caller's transaction and returns its id. Call it
 * with the same `trx` as the change the message is about: if that transaction rolls back,
 * the message was never sent; once it commits, the worker will deliver it.
 */
export async function enqueue(
  trx: Db,
  message: OutgoingMessage,
  options: EnqueueOptions = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const id = outboxId(now);
  const fields = rowFields(message);
  await trx
    .insertInto("outbox")
    .values({
      id,
      ...fields,
      case_id: message.caseId ?? null,
      status: "pending",
      attempts: 0,
      next_attempt_at: (options.notBefore ?? now).toISOString(),
      lease_until: null,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  return id;
}

/** A webhook row keeps its secret beside the payload; both stay inside the database. */
export type StoredWebhookBody = { payload: unknown; secret: string };

function rowFields(message: OutgoingMessage): {
  channel: "email" | "webhook";
  recipient: string;
  subject: string | null;
  body: string;
} {
  if (message.channel === "email") {
    if (!isEmailAddress(message.to)) throw new TypeError("outbox: `to` is not one email address");
    if (/[\r\n]/.test(message.subject) || message.subject.length > 300) {
      throw new TypeError("outbox: a subject is one line of at most 300 characters");
    }
    return {
      channel: "email",
      recipient: message.to,
      subject: message.subject,
      body: message.text,
    };
  }
  if (message.channel === "webhook") {
    let url: URL;
    try {
      url = new URL(message.url);
    } catch {
      throw new TypeError("outbox: the webhook URL is not a URL");
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || message.url.length > 2000) {
      throw new TypeError("outbox: a webhook URL is http(s) and at most 2000 characters");
    }
    if (!message.secret) throw new TypeError("outbox: a webhook needs a secret to sign with");
    const body: StoredWebhookBody = { payload: message.payload, secret: message.secret };
    return {
      channel: "webhook",
      recipient: message.url,
      subject: null,
      body: JSON.stringify(body),
    };
  }
  throw new TypeError("outbox: unknown channel");
}

export function isEmailAddress(value: string): boolean {
  return value.length <= 320 && /^[^\s@<>,;:"()[\]\\]+@[A-Za-z0-9.-]+$/.test(value);
}

/**
 * A UUIDv7: the first 48 bits are the time in milliseconds, so ids (and the maildrop's file
 * names) sort in the order the messages were written.
 */
export function outboxId(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Message-ID of an outbox email. It depends only on the row, so every attempt at the same
 * message carries the same one and a receiver can drop a repeat.
 */
export function messageIdFor(id: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? "bluelamp.invalid";
  return `<outbox-${id}@${domain}>`;
}
