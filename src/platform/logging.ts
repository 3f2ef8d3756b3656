// Logs say what happened to a request without saying who it was about: no query strings
// (a postcode search puts one there), no cookies, no bodies.
import type { FastifyServerOptions } from "fastify";
import type { Config } from "../config.ts";

export function loggerOptions(config: Config): FastifyServerOptions["logger"] {
  if (config.env === "test" && !config.logLevelSet) return false;
  return {
    level: config.logLevel,
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
        "body",
        "answers",
        "email",
        "phone",
        "postcode",
        "name",
      ],
      censor: "[redacted]",
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split("?")[0],
      }),
    },
  };
}
