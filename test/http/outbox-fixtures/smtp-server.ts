// A real SMTP server for the outbox tests, on 127.0.0.1 and a free port, whose behaviour the
// test switches at any moment: accept, refuse the connection (421), refuse the recipient
// (451, or 550 for good), drop the connection in the middle of DATA, refuse after DATA (451),
// or take the whole message and hold back its answer ("stall") until the test says.
// A message counts as delivered only when this server has answered 250.
import type net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { parseHeaders } from "../../../src/outbox/maildrop.ts";

export type SmtpBehaviour =
  | "accept"
  | "refuse-connection"
  | "refuse-recipient"
  | "reject-recipient"
  | "drop-during-data"
  | "refuse-after-data"
  | "stall";

export type DeliveredMail = {
  messageId: string;
  to: string[];
  subject: string;
  raw: string;
  at: number;
};

export type TestSmtpServer = {
  port: number;
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  behaviour: SmtpBehaviour;
  /** Wait this long before answering 250, so deliveries overlap. */
  acceptDelayMillis: number;
  /** Every message answered 250, in order. */
  delivered: DeliveredMail[];
  /** The time of every attempt: each connection refused, each MAIL FROM otherwise. */
  attempts: number[];
  /** Messages received in full whose answer is being held back. */
  readonly stalledCount: number;
  /** Client connections open now. */
  readonly connectionCount: number;
  /** How many times each Message-ID was answered 250. */
  deliveredCounts(): Map<string, number>;
  /** Answers the held-back messages (and lets later "stall" messages through as `behaviour` says). */
  releaseStalled(answer: "accept" | "refuse"): void;
  waitFor(condition: () => boolean, what: string, timeoutMillis?: number): Promise<void>;
  close(): Promise<void>;
};

export const SMTP_USER = "outbox";
export const SMTP_PASS = "s3cret-pass";

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const sockets = new Map<string, net.Socket>();
  const stalled: Array<{
    session: SMTPServerSession;
    raw: string;
    callback: (error?: Error | null) => void;
  }> = [];

  const state: TestSmtpServer = {
    port: 0,
    url: "",
    behaviour: "accept",
    acceptDelayMillis: 0,
    delivered: [],
    attempts: [],
    get stalledCount() {
      return stalled.length;
    },
    get connectionCount() {
      return sockets.size;
    },
    deliveredCounts() {
      const counts = new Map<string, number>();
      for (const mail of state.delivered) {
        counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      }
      return counts;
    },
    releaseStalled(answer) {
      for (const held of stalled.splice(0)) {
        if (answer === "accept") deliver(held.session, held.raw, held.callback);
        else held.callback(smtpError(451, "Try again later"));
      }
    },
    async waitFor(condition, what, timeoutMillis = 10_000) {
      const deadline = Date.now() + timeoutMillis;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(10);
      }
    },
    async close() {
      state.releaseStalled("refuse");
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function deliver(
    session: SMTPServerSession,
    raw: string,
    callback: (error?: Error | null) => void,
  ): void {
    const socket = sockets.get(`${session.remoteAddress}:${session.remotePort}`);
    // A client that has gone (killed) never hears the 250, so the message is not delivered.
    if (!socket || socket.destroyed) {
      callback(smtpError(451, "Connection gone"));
      return;
    }
    const headers = parseHeaders(raw);
    state.delivered.push({
      messageId: headers.get("message-id") ?? "",
      to: session.envelope.rcptTo.map((r) => r.address),
      subject: headers.get("subject") ?? "",
      raw,
      at: Date.now(),
    });
    callback(null);
  }

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    closeTimeout: 200,
    socketTimeout: 30_000,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError(535, "Authentication failed"));
      }
    },
    onConnect(_session, callback) {
      if (state.behaviour === "refuse-connection") {
        state.attempts.push(Date.now());
        callback(smtpError(421, "Service not available, try again later"));
        return;
      }
      callback();
    },
    onMailFrom(_address, _session, callback) {
      state.attempts.push(Date.now());
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (state.behaviour === "refuse-recipient") {
        callback(smtpError(451, "Mailbox busy, try again later"));
      } else if (state.behaviour === "reject-recipient") {
        callback(smtpError(550, `No such mailbox here: ${_address.address}`));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const behaviour = state.behaviour;
      if (behaviour === "drop-during-data") {
        stream.once("data", () => {
          sockets.get(`${session.remoteAddress}:${session.remotePort}`)?.destroy();
        });
        stream.resume();
        stream.on("end", () => callback(smtpError(451, "dropped")));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        if (behaviour === "refuse-after-data") {
          callback(smtpError(451, "Local problem, try again later"));
        } else if (behaviour === "stall") {
          stalled.push({ session, raw, callback });
        } else if (state.acceptDelayMillis > 0) {
          setTimeout(() => deliver(session, raw, callback), state.acceptDelayMillis);
        } else {
          deliver(session, raw, callback);
        }
      });
    },
  });
  server.server.on("connection", (socket: net.Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(key, socket);
    socket.on("close", () => sockets.delete(key));
  });
  server.on("error", () => {});

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.port = (server.server.address() as net.AddressInfo).port;
  state.url = `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${state.port}`;
  return state;
}
