// The neighbourhoods feature, registered by buildApp: "Your area" pages and the police.uk
// API, over the data the service loads at start (see service.ts).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { createViewEnvironment } from "../platform/views.ts";
import { policeApiRoutes } from "./police-api.ts";
import { areaRoutes } from "./routes.ts";
import { NeighbourhoodService } from "./service.ts";

export { NeighbourhoodService };

declare module "fastify" {
  interface FastifyInstance {
    /** The neighbourhoods feature's data: for tests, imports and the back office. */
    neighbourhoods: NeighbourhoodService;
  }
}

async function neighbourhoodsPlugin(
  app: FastifyInstance,
  options: { config: Config; database: DatabaseHandle; seedDir?: string },
) {
  const service = new NeighbourhoodService(
    options.database.db,
    { ...options.config.neighbourhoods, seedDir: options.seedDir },
    app.log,
  );
  app.decorate("neighbourhoods", service);
  // After the database is migrated (buildApp's availability check) and before the first
  // request: the boundaries are in place when the site starts answering.
  app.addHook("onReady", async () => service.start());
  app.addHook("onClose", async () => service.stop());
  // The pages' main columns are rendered to text (then cached) with an environment of our
  // own; the layout around them goes through reply.render as on every page.
  const views = createViewEnvironment(options.config);
  await app.register(areaRoutes, { service, views });
  await app.register(policeApiRoutes, { service });
}

export const neighbourhoods = fp(neighbourhoodsPlugin, { name: "neighbourhoods" });
