// Email delivery: over SMTP with nodemailer when SMTP_URL is set, otherwise into the maildrop.
// Both build the same message: plain text, a Message-ID fixed by the outbox row, and
// Auto-Submitted so that auto-responders do not answer it.
import nodemailer from "nodemailer";
import { writeToMaildrop } from "./maildrop.ts";
import { messageIdFor } from "./messages.ts";

export type EmailToSend = { id: string; to: string; subject: string; text: string };

export type EmailSender = {
  readonly kind: "smtp" | "maildrop";
  /** Resolves once the server has accepted the message (its 250) or the file is in place. */
  send(email: EmailToSend, signal: AbortSignal): Promise<void>;
  /** Closes pooled connections; a send in progress finishes first. */
  close(): void;
};

export type EmailSenderOptions = {
  /** smtp://user:pass@host:port or smtps://…; unset: the maildrop in dataDir. */
  smtpUrl: string | undefined;
  dataDir: string;
  from: string;
  /** Connections kept open to the SMTP server. */
  maxConnections?: number;
  /** Limits for each stage of the SMTP conversation. */
  connectionTimeoutMillis?: number;
  socketTimeoutMillis?: number;
};

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const compose = (email: EmailToSend) => ({
    from: options.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    messageId: messageIdFor(email.id, options.from),
    headers: { "Auto-Submitted": "auto-generated" },
  });

  if (!options.smtpUrl) {
    const stream = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: "unix",
    });
    return {
      kind: "maildrop",
      async send(email) {
        const info = await stream.sendMail(compose(email));
        await writeToMaildrop(options.dataDir, email.id, info.message as Buffer);
      },
      close() {
        stream.close();
      },
    };
  }

  const connectionTimeout = options.connectionTimeoutMillis ?? 10_000;
  const smtp = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    // The worker decides when to try again; the pool must not resend on its own.
    maxRequeues: 0,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeoutMillis ?? 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: "smtp",
    async send(email, signal) {
      await smtp.sendMail({ ...compose(email), signal });
    },
    close() {
      smtp.close();
    },
  };
}
