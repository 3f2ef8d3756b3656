// Email delivery: over SMTP with nodemailer when SMTP_URL is set, otherwise into the maildrop.
// Both build the same message: plain text, a Message-ID fixed by the outbox row, and
// Auto-Submitted so that auto-responders do not answer it.
import type { Transporter } from "nodemailer";
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

// nodemailer is about 20 MB of memory once loaded, and a web process that never sends an
// email (WORKER_IN_PROCESS=false, or no message yet) should not carry it: it is imported
// when the first message is sent.
let nodemailerModule: Promise<typeof import("nodemailer")> | undefined;
const loadNodemailer = () => (nodemailerModule ??= import("nodemailer"));

/** A transport made on first use, so that nodemailer is loaded only when there is mail. */
function lazyTransport(options: Parameters<typeof import("nodemailer").createTransport>[0]) {
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  return {
    get(): Promise<Transporter> {
      transport ??= loadNodemailer().then((module) => module.createTransport(options));
      return transport;
    },
    close(): void {
      if (closed) return;
      closed = true;
      void transport?.then((made) => made.close()).catch(() => {});
    },
  };
}

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
    const stream = lazyTransport({
      streamTransport: true,
      buffer: true,
      newline: "unix",
    });
    return {
      kind: "maildrop",
      async send(email) {
        const info = await (await stream.get()).sendMail(compose(email));
        await writeToMaildrop(options.dataDir, email.id, info.message as Buffer);
      },
      close() {
        stream.close();
      },
    };
  }

  const connectionTimeout = options.connectionTimeoutMillis ?? 10_000;
  const smtp = lazyTransport({
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
      await (await smtp.get()).sendMail({ ...compose(email), signal });
    },
    close() {
      smtp.close();
    },
  };
}
