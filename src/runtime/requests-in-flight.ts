// Requests still being handled when the app closes. Fastify's close() resolves once every
// connection has ended, but a client that hangs up mid-request ends its connection while
// the handler carries on: it may still be reading or writing the database. The process must
// not close the database under it (on PostgreSQL that logs "driver has already been
// destroyed"), so closing waits, for a bounded time, until those handlers are done too.
import type { FastifyInstance, FastifyRequest } from "fastify";

type Progress = { sent: boolean; closed: boolean };

export type RequestsInFlightOptions = {
  /** How long closing waits for handlers whose clients have gone. */
  waitMillis: number;
};

/**
 * Counts requests from their first hook to their end, and makes the app's close wait for
 * them. Call on the root instance before any route is registered.
 */
export function trackRequestsInFlight(app: FastifyInstance, options: RequestsInFlightOptions) {
  const inFlight = new Map<FastifyRequest, Progress>();
  let whenIdle: (() => void) | undefined;

  const settle = (request: FastifyRequest) => {
    if (inFlight.delete(request) && inFlight.size === 0) whenIdle?.();
  };

  // Callback hooks, not async ones: these run on every request, and a promise each is
  // measurable at thousands of requests a second.
  app.addHook("onRequest", (request, reply, done) => {
    const progress: Progress = { sent: false, closed: false };
    inFlight.set(request, progress);
    // The response closes when it has been written or when the client has gone. A client
    // that has gone gets no onResponse, and Fastify reports it as aborted only if it went
    // before its request had fully arrived, so the response's own close is what tells.
    reply.raw.once("close", () => {
      progress.closed = true;
      if (progress.sent) settle(request);
    });
    done();
  });
  // The usual end: the response has been written.
  app.addHook("onResponse", (request, _reply, done) => {
    settle(request);
    done();
  });
  // The handler is done once it sends; if its client has already gone, nothing else follows.
  app.addHook("onSend", (request, _reply, payload, done) => {
    const progress = inFlight.get(request);
    if (progress) {
      progress.sent = true;
      if (progress.closed) settle(request);
    }
    done(null, payload);
  });

  // onClose hooks run after the server has stopped and its connections have ended.
  app.addHook("onClose", async () => {
    if (inFlight.size === 0) return;
    const waiting = inFlight.size;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => {
        whenIdle = () => resolve(true);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), options.waitMillis);
      }),
    ]);
    clearTimeout(timer);
    whenIdle = undefined;
    if (finished) app.log.info({ requests: waiting }, "requests in flight finished");
    else
      app.log.warn(
        { requests: inFlight.size, waitedMillis: options.waitMillis },
        "closing with requests still in flight",
      );
  });
}
