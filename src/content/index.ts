// Content pages: the public's advice, information, news and notices; the editors' publishing
// tool under /staff/content; and the schedule that publishes and takes down pages on time.
//
// For other features:
//   listPublishedContent(db)           every published page as plain text (site search, A to Z)
//   listAreaNotices(db, areaCode)      an area's published notices (the area pages)
//   findPublishedServiceStart(db, id)  a service's published start page (the forms runner)
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import { contentPublicRoutes } from "./public-routes.ts";
import { ContentScheduler } from "./scheduler.ts";
import { contentStaffRoutes } from "./staff-routes.ts";

export {
  findPublishedServiceStart,
  listAreaNotices,
  listPublishedContent,
} from "./repository.ts";
export { seedContent } from "./seed.ts";

async function content(
  app: FastifyInstance,
  options: {
    db: Kysely<Database>;
    forms: FormCatalogue;
    now: () => Date;
    /** How often to look for changes another process scheduled; 0: only on requests. */
    scheduleCheckMillis: number;
  },
) {
  const { db, now } = options;
  const scheduler = new ContentScheduler(db, now, app.log);
  app.addHook("onRequest", async (request) => {
    const url = request.url;
    if (url.startsWith("/assets/") || url === "/livez" || url === "/readyz") return;
    await scheduler.tick();
  });
  if (options.scheduleCheckMillis > 0) {
    app.addHook("onReady", async () => scheduler.start(options.scheduleCheckMillis));
  }
  app.addHook("onClose", async () => scheduler.stop());
  await app.register(contentPublicRoutes, { db });
  await app.register(contentStaffRoutes, { db, forms: options.forms, now, scheduler });
}

export const contentModule = fp(content, { name: "content", dependencies: ["views"] });
