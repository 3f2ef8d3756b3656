// The admin part of the back office, under /staff/admin: staff accounts, teams, and the
// outbox with its maildrop. Only roles the policy table allows reach each page (admins);
// every change is audited. Registered after the staff guard, which signs people in.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { outboxRoutes } from "./outbox-routes.ts";
import { staffAccountRoutes } from "./staff-routes.ts";
import { teamRoutes } from "./team-routes.ts";

export async function adminRoutes(
  app: FastifyInstance,
  options: {
    config: Config;
    db: Kysely<Database>;
    now: () => Date;
    /** Tells the in-process outbox worker, if there is one, that messages are due now. */
    wakeOutbox?: () => void;
  },
) {
  await app.register(staffAccountRoutes, options);
  await app.register(teamRoutes, options);
  await app.register(outboxRoutes, options);
}
