// Logs say what happened to a request without saying who it was about: no query strings
// (a postcode search puts one there), no cookies, no bodies.
import fs from "node:fs";
import type { FastifyServerOptions } from "fastify";
import pino from "pino";
import type { Config } from "../config.ts";

export function loggerOptions(config: Config): FastifyServerOptions["logger"] {
  if (config.env === "test" && !config.logLevelSet) return false;
  stream ??= fileDestination(1) ?? null;
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    // Personal data a log call might carry at the top of its object. A request or response
    // is logged only through the serializers below, which keep no headers (no cookie, no
    // authorization, no set-cookie), so no nested path needs redacting: a nested path made
    // pino copy every request's and response's object to redact it, about 6 % of what a
    // kept question page allocated under load.
    redact: {
      paths: ["body", "answers", "email", "phone", "postcode", "name"],
      censor: "[redacted]",
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split("?")[0],
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}

// Standard output's writer, made once per process (tests build many apps).
let stream: pino.DestinationStream | null | undefined;

/**
 * When standard output is a regular file, each line is written to it at once (one write
 * call, the same lines in the same order). Pino's default writer is asynchronous: while a
 * write is in flight it appends lines to a pending string, measures its byte length for
 * every line and turns it into a Buffer after each write, all garbage. Measured at info
 * level (two lines a request), 50 connections: a question page allocated 263 KB a request
 * with the asynchronous writer and 242 KB with this one, with 9 % fewer young-generation
 * collections. A write to a regular file does not wait for a reader, so writing at once
 * costs the event loop a few microseconds. A pipe or socket (a container's log driver, the
 * journal) keeps the asynchronous writer: a slow reader must not stall requests.
 * See docs/adr/0012-runtime-memory.md.
 */
export function fileDestination(fd: number): pino.DestinationStream | undefined {
  let isFile = false;
  try {
    isFile = fs.fstatSync(fd).isFile();
  } catch {
    // Nothing to look at: keep the default.
  }
  return isFile ? pino.destination({ dest: fd, sync: true }) : undefined;
}
