// CSRF protection on every POST: a double-submit token (secret in an HttpOnly cookie,
// token in a hidden field) from @fastify/csrf-protection. Pages that show a form call
// csrfToken() from the view globals; a missing or wrong token gets a clear 403 page.
import csrf from "@fastify/csrf-protection";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import { cookieName, cookieOptions } from "./cookies.ts";
import { randomPool } from "./random-pool.ts";

async function csrfProtection(app: FastifyInstance, options: { config: Config }) {
  const cookieKey = cookieName(options.config, "csrf");
  const cookieOpts = cookieOptions(options.config);
  await app.register(csrf, {
    cookieKey,
    cookieOpts,
    getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string,
  });
  // Make the token available to every template lazily: generating sets the secret cookie,
  // which only pages with a form need.
  app.addHook("onRequest", (request, reply, done) => {
    let token: string | undefined;
    reply.viewGlobals.csrfToken = () => {
      if (token === undefined) {
        // A first visit has no secret yet. Make it here, as the plugin would (18 random
        // bytes, base64url, in the same cookie), but from the pooled random block instead
        // of a call to the system's generator for every new visitor. The plugin reads the
        // secret from the request's cookies.
        if (!request.cookies[cookieKey]) {
          const secret = randomPool.base64url(18);
          reply.setCookie(cookieKey, secret, cookieOpts);
          request.cookies[cookieKey] = secret;
        }
        token = reply.generateCsrf();
      }
      return token;
    };
    done();
  });
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method !== "POST") return done();
    app.csrfProtection(request, reply, done);
  });
}

export default fp(csrfProtection, { name: "csrf", dependencies: ["views"] });
