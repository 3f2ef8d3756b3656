// /livez says the process is running; /readyz says it can serve people, which needs the
// database. A load balancer takes an instance out of rotation on a failing /readyz.
import type { FastifyInstance } from "fastify";
import type { DatabaseAvailability } from "./availability.ts";

export async function healthRoutes(
  app: FastifyInstance,
  options: { availability: DatabaseAvailability; isShuttingDown: () => boolean },
) {
  app.get("/livez", async (_request, reply) => reply.send({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (options.isShuttingDown()) return reply.code(503).send({ status: "shutting down" });
    await options.availability.probe();
    if (!options.availability.isAvailable) {
      return reply.code(503).send({ status: "unavailable", database: "unreachable" });
    }
    return reply.send({ status: "ok", database: "ok" });
  });
}
