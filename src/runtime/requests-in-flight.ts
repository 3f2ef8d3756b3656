// Requests still being handled when the app closes. Fastify's close() resolves once every
// connection has ended, but a client that hangs up mid-request ends its connection while
// the handler carries on: it may still be reading or writing the database. The process must
// not close the database under it (on PostgreSQL that logs "driver has already been
// destroyed"), so closing waits, for a bounded time, until those handlers are done too.
import type { FastifyInstance, FastifyRequest } from "fastify";

type Progress = { sent: boolean; closed: boolean; settled: boolean };
const PROGRESS = Symbol("the request's progress");
type Tracked = { [PROGRESS]: Progress | null };

export type RequestsInFlightOptions = {
  /** How long closing waits for handlers whose clients have gone. */
  waitMillis: number;
};

/**
 * Counts requests from their first hook to their end, and makes the app's close wait for
 * them. Call on the root instance before any route is registered.
 */
export function trackRequestsInFlight(app: FastifyInstance, options: RequestsInFlightOptions) {
  // A count, and each request's progress on the request itself (a property every request is
  // made with): no table of requests, rewritten as they come and go, to make garbage.
  let inFlight = 0;
  let whenIdle: (() => void) | undefined;
  const progressOf = (request: FastifyRequest) => (request as unknown as Tracked)[PROGRESS];

  const settle = (progress: Progress) => {
    if (progress.settled) return;
    progress.settled = true;
    inFlight--;
    if (inFlight === 0) whenIdle?.();
  };

  app.decorateRequest(PROGRESS, null);
  // Callback hooks, not async ones: these run on every request, and a promise each is
  // measurable at thousands of requests a second.
  app.addHook("onRequest", (request, reply, done) => {
    const progress: Progress = { sent: false, closed: false, settled: false };
    (request as unknown as Tracked)[PROGRESS] = progress;
    inFlight++;
    // The response closes when it has been written or when the client has gone. A client
    // that has gone gets no onResponse, and Fastify reports it as aborted only if it went
    // before its request had fully arrived, so the response's own close is what tells.
    reply.raw.once("close", () => {
      progress.closed = true;
      if (progress.sent) settle(progress);
    });
    done();
  });
  // The usual end: the response has been written.
  app.addHook("onResponse", (request, _reply, done) => {
    const progress = progressOf(request);
    if (progress) settle(progress);
    done();
  });
  // The handler is done once it sends; if its client has already gone, nothing else follows.
  app.addHook("onSend", (request, _reply, payload, done) => {
    const progress = progressOf(request);
    if (progress) {
      progress.sent = true;
      if (progress.closed) settle(progress);
    }
    done(null, payload);
  });

  // onClose hooks run after the server has stopped and its connections have ended.
  app.addHook("onClose", async () => {
    if (inFlight === 0) return;
    const waiting = inFlight;
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
        { requests: inFlight, waitedMillis: options.waitMillis },
        "closing with requests still in flight",
      );
  });
}
