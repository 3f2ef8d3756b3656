// CSRF protection on every POST: a double-submit token (secret in an HttpOnly cookie,
// token in a hidden field) from @fastify/csrf-protection. Pages that show a form call
// csrfToken() from the view globals; a missing or wrong token gets a clear 403 page.
import csrf from "@fastify/csrf-protection";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import { cookieName, cookieOptions } from "./cookies.ts";

async function csrfProtection(app: FastifyInstance, options: { config: Config }) {
  await app.register(csrf, {
    cookieKey: cookieName(options.config, "csrf"),
    cookieOpts: cookieOptions(options.config),
    getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string,
  });
  // Make the token available to every template lazily: generating sets the secret cookie,
  // which only pages with a form need.
  app.addHook("onRequest", async (_request, reply) => {
    let token: string | undefined;
    reply.viewGlobals.csrfToken = () => {
      token ??= reply.generateCsrf();
      return token;
    };
  });
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method !== "POST") return done();
    app.csrfProtection(request, reply, done);
  });
}

export default fp(csrfProtection, { name: "csrf", dependencies: ["views"] });
