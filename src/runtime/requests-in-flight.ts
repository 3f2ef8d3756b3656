// Requests still being handled when the app closes. Fastify's close() resolves once every
// connection has ended, but a client that hangs up mid-request ends its connection while
// the handler carries on: it may still be reading or writing the database. The process must
// not close the database under it (on PostgreSQL that logs "driver has already been
// destroyed"), so closing waits, for a bounded time, until those handlers are done too.
import type { FastifyInstance, FastifyRequest } from "fastify";

type Progress = { sent: boolean; aborted: boolean };

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
  app.addHook("onRequest", (request, _reply, done) => {
    inFlight.set(request, { sent: false, aborted: false });
    done();
  });
  // The usual end: the response has been written.
  app.addHook("onResponse", (request, _reply, done) => {
    settle(request);
    done();
  });
  // A client that has gone gets no onResponse. Its handler is done once it sends (what it
  // sends goes nowhere); the client may also go after that, while the response is written.
  app.addHook("onSend", (request, _reply, payload, done) => {
    const progress = inFlight.get(request);
    if (progress) {
      progress.sent = true;
      if (progress.aborted) settle(request);
    }
    done(null, payload);
  });
  app.addHook("onRequestAbort", (request, done) => {
    const progress = inFlight.get(request);
    if (progress) {
      progress.aborted = true;
      if (progress.sent) settle(request);
    }
    done();
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
