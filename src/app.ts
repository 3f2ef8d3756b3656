// buildApp(config, deps) assembles the whole site. Read it top to bottom as the request
// pipeline: parsing, views, security headers, rate limits, CSRF, sessions, the database
// gate, then the features, then error handling. Tests call it directly with real
// dependencies over a test database.
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { adminRoutes } from "./admin/index.ts";
import type { AreaLookup } from "./cases/facts.ts";
import { seedTeams } from "./cases/teams.ts";
import { caseworkRoutes } from "./casework/routes.ts";
import type { Config } from "./config.ts";
import { contentModule, seedContent } from "./content/index.ts";
import { listPublishedContent } from "./content/repository.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { type FormCatalogue, loadCatalogue, serviceSummaries } from "./forms/runner/catalogue.ts";
import { formRoutes } from "./forms/runner/routes.ts";
import { neighbourhoodAdminRoutes } from "./neighbourhoods/admin-routes.ts";
import { postcodeAreaLookup } from "./neighbourhoods/area-lookup.ts";
import { neighbourhoods } from "./neighbourhoods/index.ts";
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerTuning } from "./outbox/index.ts";
import { DatabaseAvailability } from "./platform/availability.ts";
import csrf from "./platform/csrf.ts";
import { errorHandling, renderServiceUnavailable } from "./platform/errors.ts";
import { healthRoutes } from "./platform/health.ts";
import { loggerOptions } from "./platform/logging.ts";
import security from "./platform/security.ts";
import sessions, { SessionStore } from "./platform/sessions.ts";
import views, { createViewEnvironment } from "./platform/views.ts";
import { trackRequestsInFlight } from "./runtime/requests-in-flight.ts";
import { siteSearch } from "./search/routes.ts";
import { siteRoutes } from "./site/routes.ts";
import { staffAuthRoutes } from "./staff/auth-routes.ts";
import { seedDemoStaff } from "./staff/demo-staff.ts";
import { staffGuard } from "./staff/guard.ts";
import { staffHomeRoutes } from "./staff/home-routes.ts";
import { staffPasswordRoutes } from "./staff/password-routes.ts";
import { trackRoutes } from "./track/routes.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type Deps = {
  database: DatabaseHandle;
  /** How often to re-check the database while it is down. */
  probeMillis?: number;
  now?: () => Date;
  /** The services; loaded from forms/ when not given. */
  forms?: FormCatalogue;
  /**
   * Run the outbox worker in this process: by default when WORKER_IN_PROCESS is on, but never
   * in tests unless asked (true, or settings such as a short poll).
   */
  outboxWorker?: boolean | OutboxWorkerTuning;
  /** Where a postcode is, for routing reports to the local team; none means no local routing. */
  areaLookup?: AreaLookup;
};

export type App = FastifyInstance & {
  availability: DatabaseAvailability;
  /** The in-process outbox worker, if it runs here; wake() it after enqueueing to send at once. */
  outboxWorker: OutboxWorker | undefined;
};

export async function buildApp(config: Config, deps: Deps): Promise<App> {
  const viewEnvironment = createViewEnvironment(config);
  // Loaded before anything listens: an invalid form definition stops the start-up.
  const forms = deps.forms ?? loadCatalogue(config.formsDir);
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.env === "production",
    return503OnClosing: true,
    forceCloseConnections: "idle",
    routerOptions: { ignoreTrailingSlash: true },
    // A URL that cannot be decoded is the sender's mistake: a 400 page, not a 500.
    // (This runs before any plugin, so it renders with the view environment directly.)
    frameworkErrors: (_error, _request, reply) => {
      const html = viewEnvironment.render("errors/client.njk", {
        title: "Page not found",
        message: "The web address could not be read. Check it is typed correctly.",
      });
      (reply as unknown as FastifyReply)
        .code(400)
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(html);
    },
  });

  // First of all hooks: closing the app then waits for handlers whose clients hung up, so
  // that the database is not closed under them.
  trackRequestsInFlight(app, { waitMillis: 10_000 });

  const availability = new DatabaseAvailability(
    deps.database,
    deps.probeMillis ?? 2000,
    (up, error) => {
      if (up) app.log.info("database available");
      else
        app.log.warn(
          { err: { message: String((error as Error)?.message ?? error) } },
          "database unavailable",
        );
    },
    // Once the database first answers: bring it up to date, then seed an empty one.
    async () => {
      await deps.database.migrate();
      const seeded = await seedTeams(deps.database.db, config.teamsFile, now());
      if (seeded > 0) app.log.info({ teams: seeded }, "seeded teams");
      const pages = await seedContent(
        deps.database.db,
        path.join(root, "content"),
        now(),
        new Set(forms.keys()),
      );
      if (pages > 0) app.log.info({ pages }, "seeded content");
      if (config.env === "development" && (await seedDemoStaff(deps.database.db, now())) > 0) {
        app.log.info("created demo staff accounts (see the README)");
      }
    },
  );

  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(views, { environment: viewEnvironment });
  await app.register(security, { config });
  await app.register(rateLimit, {
    max: config.postRateLimit,
    timeWindow: "1 minute",
    // Reading pages is never limited; sending forms is, to slow down abuse and scripted floods.
    allowList: (request) => request.method !== "POST",
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: "FST_ERR_RATE_LIMIT_EXCEEDED",
      message: `Rate limit exceeded, retry in ${context.after}`,
    }),
  });
  await app.register(csrf, { config });

  await app.register(fastifyStatic, {
    root: [
      path.join(root, "public"),
      path.join(root, "node_modules/govuk-frontend/dist/govuk/assets"),
    ],
    prefix: "/assets/",
    maxAge: "1d",
    index: false,
    wildcard: true,
  });
  app.get("/assets/brand.css", async (_request, reply) =>
    reply
      .type("text/css")
      .header("cache-control", "public, max-age=300")
      .send(brandStylesheet(config)),
  );

  const sessionStore = new SessionStore(
    deps.database.db,
    config.journeyIdleMinutes * 60_000,
    now,
    deps.database.runStatement,
  );
  await app.register(sessions, { config, store: sessionStore });

  let shuttingDown = false;
  app.addHook("preClose", async () => {
    shuttingDown = true;
    // Keep-alive connections that fall idle after shutdown began would otherwise hold the
    // process open until their timeout; close each as soon as its last response is sent.
    const sweep = setInterval(() => app.server.closeIdleConnections?.(), 100);
    sweep.unref();
    app.server.once("close", () => clearInterval(sweep));
  });
  app.addHook("onClose", async () => availability.stop());
  await app.register(healthRoutes, { availability, isShuttingDown: () => shuttingDown });

  // While the database is down, every page but the health checks and assets says so at once.
  app.addHook("onRequest", async (request, reply) => {
    if (availability.isAvailable) return;
    const url = request.url;
    if (url.startsWith("/assets/") || url === "/livez" || url === "/readyz") return;
    return renderServiceUnavailable(reply);
  });

  // Before any feature: a plugin keeps the error handler that was set when it was registered.
  errorHandling(app, availability);

  await app.register(staffGuard, { config, db: deps.database.db, now });
  await app.register(staffAuthRoutes, { config, db: deps.database.db, now });
  await app.register(staffHomeRoutes, { db: deps.database.db, now });
  await app.register(staffPasswordRoutes, {
    config,
    db: deps.database.db,
    now,
    wakeOutbox: () => outboxWorker?.wake(),
  });
  await app.register(caseworkRoutes, { db: deps.database.db, forms, config, now });
  await app.register(adminRoutes, {
    config,
    db: deps.database.db,
    now,
    wakeOutbox: () => outboxWorker?.wake(),
  });
  await app.register(siteRoutes, { config, services: () => serviceSummaries(forms) });
  await app.register(contentModule, {
    db: deps.database.db,
    forms,
    now,
    scheduleCheckMillis: config.env === "test" ? 0 : 30_000,
  });
  await app.register(siteSearch, {
    services: () => serviceSummaries(forms),
    pages: () => listPublishedContent(deps.database.db),
  });
  await app.register(neighbourhoods, { config, database: deps.database });
  await app.register(neighbourhoodAdminRoutes, {
    db: deps.database.db,
    now,
    service: app.neighbourhoods,
  });
  await app.register(formRoutes, {
    forms,
    database: deps.database,
    now,
    config,
    areaLookup: deps.areaLookup ?? postcodeAreaLookup(deps.database.db),
    wakeOutbox: () => outboxWorker?.wake(),
  });
  await app.register(trackRoutes, { database: deps.database, forms, config, now });

  // The outbox worker delivers what the features enqueue. It starts once the app is ready
  // and, on close, finishes the deliveries it has begun and gives back the rest.
  const runWorker = deps.outboxWorker ?? (config.outbox.workerInProcess && config.env !== "test");
  const outboxWorker = runWorker
    ? createOutboxWorker(config, deps.database, {
        ...(typeof runWorker === "object" ? runWorker : {}),
        logger: app.log,
      })
    : undefined;
  if (outboxWorker) {
    app.addHook("onReady", async () => outboxWorker.start());
    app.addHook("onClose", async () => outboxWorker.stop());
  }

  await availability.start();
  const built = app as unknown as App;
  built.availability = availability;
  built.outboxWorker = outboxWorker;
  return built;
}

/** The force's colours, from configuration, on top of the compiled govuk-frontend styles. */
function brandStylesheet(config: Config): string {
  const colour = config.brand.colour;
  return `:root{--govuk-brand-colour:${colour};--bl-brand-colour:${colour}}\n`;
}
