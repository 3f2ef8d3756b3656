// Webhooks: a JSON POST to a force's records system, signed with the team's secret.
//
// The body is an envelope {"id", "timestamp", "payload"}: `id` is the outbox message's id
// (the same on every attempt, so the receiver can drop repeats) and `timestamp` the time of
// this attempt in Unix seconds (so the receiver can refuse old replays). Both are inside the
// signed body; the headers repeat them for convenience:
//
//   X-Bluelamp-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed by the secret>
//   X-Bluelamp-Timestamp: <timestamp>
//   X-Bluelamp-Delivery:  <id>
//
// Any answer but a 2xx is a failure (redirects are not followed), as is no answer in time.
import { createHmac, timingSafeEqual } from "node:crypto";
import { DeliveryError } from "./failures.ts";

export const SIGNATURE_HEADER = "x-bluelamp-signature";
export const TIMESTAMP_HEADER = "x-bluelamp-timestamp";
export const DELIVERY_HEADER = "x-bluelamp-delivery";

export type WebhookEnvelope = { id: string; timestamp: number; payload: unknown };

export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** For receivers (and tests): is `signature` the right one for this body and secret? */
export function verifyWebhookSignature(
  body: string,
  secret: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type WebhookDelivery = { id: string; url: string; secret: string; payload: unknown };

export async function deliverWebhook(
  webhook: WebhookDelivery,
  options: { now: Date; signal: AbortSignal },
): Promise<void> {
  const timestamp = Math.floor(options.now.getTime() / 1000);
  const envelope: WebhookEnvelope = { id: webhook.id, timestamp, payload: webhook.payload };
  const body = JSON.stringify(envelope);
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Bluelamp-Outbox",
        [SIGNATURE_HEADER]: signWebhookBody(body, webhook.secret),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: webhook.id,
      },
      body,
      redirect: "manual",
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw new DeliveryError("webhook timed out", { cause: error });
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new DeliveryError(`webhook not reached: ${cause?.code ?? "network error"}`, {
      cause: error,
    });
  }
  // The answer's body is not needed; drop it so the connection is freed.
  await response.body?.cancel().catch(() => {});
  if (response.status < 200 || response.status > 299) {
    throw new DeliveryError(`webhook answered HTTP ${response.status}`);
  }
}
