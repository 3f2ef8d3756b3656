// Security headers for every response. The CSP allows only this origin plus a per-request
// nonce for the one inline script govuk-frontend's template needs, so no page can load
// anything from another origin (a privacy promise to victims, not only a hardening step).
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";

async function security(app: FastifyInstance, options: { config: Config }) {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // Over plain http on localhost an upgrade would break every asset.
        ...(options.config.env === "production" ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: "same-origin" },
    frameguard: { action: "deny" },
    crossOriginEmbedderPolicy: false,
  });

  // Pages can hold what someone told us about a crime, so by default nothing is stored by
  // browsers or shared caches. Static assets set their own long-lived headers.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });
}

export default fp(security, { name: "security" });
