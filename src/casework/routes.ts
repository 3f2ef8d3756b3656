// Case work in the back office: a team's queue, its CSV export, the case page and the
// changes made from it, and the audit log. Registered once from buildApp; everything here
// sits under /staff, behind the staff guard.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { FormCatalogue } from "../forms/runner/catalogue.ts";
import { auditRoutes } from "./audit-routes.ts";
import { caseRoutes } from "./case-routes.ts";
import { queueRoutes } from "./queue-routes.ts";

export type CaseworkOptions = {
  db: Kysely<Database>;
  forms: FormCatalogue;
  config: Config;
  now: () => Date;
};

export async function caseworkRoutes(app: FastifyInstance, options: CaseworkOptions) {
  await queueRoutes(app, options);
  await caseRoutes(app, options);
  await auditRoutes(app, options);
}
