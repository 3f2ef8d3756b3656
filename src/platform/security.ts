// Security headers for every response. The CSP allows only this origin plus a per-request
// nonce for the one inline script govuk-frontend's template needs, so no page can load
// anything from another origin (a privacy promise to victims, not only a hardening step).
//
// These are the headers @fastify/helmet sent with our options, written out once. Helmet
// rebuilt all of them on every request, parsing and serialising the CSP again because of the
// nonces, which cost 5-12 % of a page's CPU. Now only the nonces change per request and the
// rest is fixed at start-up (docs/adr/0011-forms-throughput.md).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import { randomPool } from "./random-pool.ts";

export type CspNonces = { script: string; style: string };

declare module "fastify" {
  interface FastifyReply {
    /** This response's CSP nonces: the layout puts `script` on its inline script. */
    cspNonce: CspNonces;
  }
}

/** The policy, with the two nonces to fill in. */
export function contentSecurityPolicy(config: Config, nonces: CspNonces): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonces.script}'`,
    `style-src 'self' 'nonce-${nonces.style}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    // Over plain http on localhost an upgrade would break every asset.
    ...(config.env === "production" ? ["upgrade-insecure-requests"] : []),
  ].join(";");
}

/** Every other header, the same on every response. */
export const fixedSecurityHeaders: Readonly<Record<string, string>> = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "same-origin",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "DENY",
  "x-permitted-cross-domain-policies": "none",
  // The old XSS auditors did more harm than good; "0" turns them off (as helmet does).
  "x-xss-protection": "0",
};

async function security(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  // The policy split around its nonces, so a response only joins five strings.
  const marker = "\u0000";
  const [beforeScript, betweenNonces, afterStyle] = contentSecurityPolicy(config, {
    script: marker,
    style: marker,
  }).split(marker);
  const fixed = Object.entries(fixedSecurityHeaders);

  app.decorateReply("cspNonce", null as unknown as CspNonces);
  // Set as each request arrives, so error pages, redirects and 429s carry them too.
  app.addHook("onRequest", (_request, reply, done) => {
    // 16 random bytes each, in hex, as helmet made them.
    const nonce = { script: randomPool.hex(16), style: randomPool.hex(16) };
    reply.cspNonce = nonce;
    reply.header(
      "content-security-policy",
      beforeScript + nonce.script + betweenNonces + nonce.style + afterStyle,
    );
    for (const [name, value] of fixed) reply.header(name, value);
    done();
  });

  // Pages can hold what someone told us about a crime, so by default nothing is stored by
  // browsers or shared caches. Static assets set their own long-lived headers.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    done(null, payload);
  });
}

export default fp(security, { name: "security" });
