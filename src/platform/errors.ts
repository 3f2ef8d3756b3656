// Every error ends here, so there is one place that decides what the public see: a clear
// page in plain English with the right status, never a stack trace or an internal message.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type DatabaseAvailability, isDatabaseUnavailable } from "./availability.ts";

type ClientError = { status: number; title: string; message: string };

/** What a member of the public is told for each kind of bad request. */
function describeClientError(error: FastifyError): ClientError | undefined {
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  switch (error.code) {
    case "FST_CSRF_MISSING_SECRET":
    case "FST_CSRF_INVALID_TOKEN":
      return {
        status: 403,
        title: "Your form could not be sent",
        message:
          "This can happen if the page was open for a long time or cookies are turned off. Go back, reload the page and try again.",
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        title: "What you sent is too large",
        message: "Go back and shorten your answer, then try again.",
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        title: "What you sent could not be read",
        message:
          "Forms on this site must be sent from the page they are on. Go back and try again.",
      };
    case "FST_ERR_RATE_LIMIT_EXCEEDED":
    case undefined:
      if (status === 429) {
        return {
          status: 429,
          title: "Too many attempts",
          message: "You have sent a lot of forms in a short time. Wait a minute, then try again.",
        };
      }
      break;
  }
  if (status === 404) return undefined;
  return {
    status,
    title: "Sorry, there is a problem with what was sent",
    message: "The request could not be understood. Go back and try again.",
  };
}

export function renderNotFound(reply: FastifyReply) {
  return reply.code(404).render("errors/404.njk");
}

export function renderServiceUnavailable(reply: FastifyReply) {
  return reply.code(503).header("retry-after", "30").render("errors/503.njk");
}

export function errorHandling(app: FastifyInstance, availability: DatabaseAvailability) {
  app.setNotFoundHandler((_request, reply) => renderNotFound(reply));

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isDatabaseUnavailable(error)) {
      request.log.warn(
        { err: { code: (error as { code?: string }).code } },
        "database unavailable",
      );
      availability.markUnavailable(error);
      return renderServiceUnavailable(reply);
    }
    const client = describeClientError(error);
    if (client) {
      request.log.info({ code: error.code, status: client.status }, "client error");
      return reply.code(client.status).render("errors/client.njk", client);
    }
    if (error.statusCode === 404) return renderNotFound(reply);
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).render("errors/500.njk");
  });
}
