// Webhooks against a real HTTP server on 127.0.0.1 that checks the signature as a force's
// records system would, and that can fail, stall or redirect.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createTestDatabase,
  type TestDatabase,
  testDialects,
} from "../../test/helpers/database.ts";
import type { EmailSender } from "./email.ts";
import { enqueue } from "./messages.ts";
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type WebhookEnvelope,
} from "./webhook.ts";
import { OutboxWorker } from "./worker.ts";

const SECRET = "team-webhook-secret";

type Received = { headers: http.IncomingHttpHeaders; body: string; verified: boolean };

function startReceiver() {
  const state = {
    answer: 200 as number | "stall" | "redirect",
    received: [] as Received[],
    accepted: [] as WebhookEnvelope[],
    port: 0,
  };
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const verified = verifyWebhookSignature(
        body,
        SECRET,
        request.headers[SIGNATURE_HEADER] as string | undefined,
      );
      state.received.push({ headers: request.headers, body, verified });
      const answer = state.answer;
      if (answer === "stall") return; // never answers
      if (answer === "redirect") {
        response.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
        return;
      }
      if (answer >= 200 && answer < 300 && verified) state.accepted.push(JSON.parse(body));
      response.writeHead(verified ? answer : 401).end("ok");
    });
  });
  return {
    state,
    server,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      state.port = (server.address() as AddressInfo).port;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const noEmail: EmailSender = {
  kind: "maildrop",
  async send() {
    throw new Error("no email in this test");
  },
  close() {},
};

test("signatures: HMAC-SHA256 of the exact body, compared in constant time", () => {
  const body = '{"id":"x","timestamp":1,"payload":{}}';
  const signature = signWebhookBody(body, SECRET);
  assert.match(signature, /^sha256=[0-9a-f]{64}$/);
  assert.ok(verifyWebhookSignature(body, SECRET, signature));
  assert.ok(!verifyWebhookSignature(`${body} `, SECRET, signature));
  assert.ok(!verifyWebhookSignature(body, "other", signature));
  assert.ok(!verifyWebhookSignature(body, SECRET, undefined));
  assert.ok(!verifyWebhookSignature(body, SECRET, "sha256=00"));
});

for (const dialect of testDialects()) {
  describe(`webhooks (${dialect})`, () => {
    const receiver = startReceiver();
    let database: TestDatabase;
    before(async () => {
      await receiver.listen();
    });
    after(async () => {
      await receiver.close();
    });

    async function setUp(answer: 200 | 500 | "stall" | "redirect") {
      database = await createTestDatabase(dialect);
      await database.handle.migrate();
      receiver.state.answer = answer;
      receiver.state.received.length = 0;
      receiver.state.accepted.length = 0;
      const id = await enqueue(database.handle.db, {
        channel: "webhook",
        url: `http://127.0.0.1:${receiver.state.port}/bluelamp?team=roads`,
        secret: SECRET,
        payload: { event: "case.created", reference: "K7M2-Q9TX-4", team: "roads" },
      });
      const worker = new OutboxWorker({
        database: database.handle,
        email: noEmail,
        backoff: { baseMillis: 50, capMillis: 100 },
        pollMillis: 20,
        sendTimeoutMillis: 2000,
        webhookTimeoutMillis: 300,
        maxAttempts: 3,
      });
      return { id, worker };
    }

    async function outboxRow(id: string) {
      return database.handle.db
        .selectFrom("outbox")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
    }

    async function waitFor(condition: () => Promise<boolean>, what: string) {
      const deadline = Date.now() + 10_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(20);
      }
    }

    test("a signed POST; a 500 is tried again, the same delivery id each time, accepted once", async () => {
      const { id, worker } = await setUp(500);
      try {
        const started = Math.floor(Date.now() / 1000);
        worker.start();
        await waitFor(async () => receiver.state.received.length === 1, "the first attempt");
        await waitFor(async () => Number((await outboxRow(id)).attempts) === 1, "the failure");
        assert.equal((await outboxRow(id)).last_error, "webhook answered HTTP 500");
        receiver.state.answer = 200;
        await waitFor(async () => (await outboxRow(id)).status === "sent", "the delivery");
        await sleep(150);

        assert.equal(receiver.state.received.length, 2);
        assert.equal(receiver.state.accepted.length, 1);
        for (const { headers, body, verified } of receiver.state.received) {
          assert.ok(verified, "signature checks out");
          assert.equal(headers["content-type"], "application/json");
          assert.equal(headers[DELIVERY_HEADER], id);
          const envelope = JSON.parse(body) as WebhookEnvelope;
          assert.equal(envelope.id, id);
          assert.equal(String(envelope.timestamp), headers[TIMESTAMP_HEADER]);
          assert.ok(envelope.timestamp >= started && envelope.timestamp <= started + 10);
          assert.deepEqual(envelope.payload, {
            event: "case.created",
            reference: "K7M2-Q9TX-4",
            team: "roads",
          });
          assert.doesNotMatch(body, new RegExp(SECRET), "the secret never travels");
        }
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });

    test("no answer in time, or a redirect, is a failure; after the last attempt the webhook is dead", async () => {
      const { id, worker } = await setUp("stall");
      try {
        worker.start();
        await waitFor(async () => Number((await outboxRow(id)).attempts) === 1, "a timeout");
        assert.equal((await outboxRow(id)).last_error, "webhook timed out");
        receiver.state.answer = "redirect";
        await waitFor(async () => (await outboxRow(id)).status === "dead", "death");
        const row = await outboxRow(id);
        assert.equal(Number(row.attempts), 3);
        assert.equal(row.last_error, "webhook answered HTTP 302");
        assert.equal(receiver.state.accepted.length, 0);
      } finally {
        await worker.stop();
        await database.cleanup();
      }
    });
  });
}
