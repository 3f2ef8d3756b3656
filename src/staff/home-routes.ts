// The back office's home page: the queues of the teams you are in, with open and overdue counts.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { can } from "./policy.ts";

export async function staffHomeRoutes(
  app: FastifyInstance,
  options: { db: Kysely<Database>; now: () => Date },
) {
  const { db, now } = options;
  app.get("/staff", async (request, reply) => {
    // Only roles that work cases see queues (an editor in a team does not).
    const teamIds = can(request.staff, "queue:view") ? (request.staff?.teamIds ?? []) : [];
    const at = now().toISOString();
    const queues =
      teamIds.length === 0
        ? []
        : await db
            .selectFrom("teams")
            .leftJoin("cases", (join) =>
              join.onRef("cases.team_id", "=", "teams.id").on("cases.status", "!=", "closed"),
            )
            .select((eb) => [
              "teams.id",
              "teams.name",
              eb.fn.count("cases.id").as("open"),
              eb.fn
                .sum(eb.case().when("cases.due_at", "<", at).then(1).else(0).end())
                .as("overdue"),
            ])
            .where("teams.id", "in", teamIds)
            .groupBy(["teams.id", "teams.name"])
            .orderBy("teams.name")
            .execute();
    return reply.render("staff/home.njk", {
      title: "Back office",
      queues: queues.map((q) => ({ ...q, open: Number(q.open), overdue: Number(q.overdue ?? 0) })),
    });
  });
}
