// The public site's own pages: the task-led home page and the standing information pages.
// Features (services, your area, tracking) register their own routes beside these.
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import { cookieName } from "../platform/cookies.ts";

/** A public transaction listed on the home page's task pages. */
export type ServiceSummary = {
  id: string;
  title: string;
  description?: string;
  kind: "report" | "apply" | "feedback";
};

const tasks = [
  {
    href: "/report",
    title: "Report a crime or incident",
    description: "Tell us about a theft, antisocial behaviour, a road collision and more.",
  },
  { href: "/apply", title: "Apply for something", description: "Licences, permits and courses." },
  {
    href: "/area",
    title: "Your area",
    description: "Your local policing team, what they are working on and crime where you live.",
  },
  {
    href: "/advice",
    title: "Advice",
    description: "How to stay safe and stop crime happening to you.",
  },
  {
    href: "/track",
    title: "Track your report",
    description: "See what is happening with a report you have made, and reply to us.",
  },
  {
    href: "/contact",
    title: "Contact us",
    description: "999 in an emergency, 101 for everything else, textphone 18000.",
  },
];

export async function siteRoutes(
  app: FastifyInstance,
  options: { config: Config; services?: () => ServiceSummary[] },
) {
  const { config } = options;
  const services = (kind: ServiceSummary["kind"]) =>
    (options.services?.() ?? []).filter((s) => s.kind === kind);

  app.get("/", async (_request, reply) => reply.render("pages/home.njk", { tasks }));
  app.get("/report", async (_request, reply) =>
    reply.render("pages/report.njk", { services: services("report") }),
  );
  app.get("/apply", async (_request, reply) =>
    reply.render("pages/services-list.njk", {
      title: "Apply for something",
      intro: "Apply for licences, permits and courses run by the police.",
      noneYet: "There are no applications you can make online yet.",
      services: services("apply"),
    }),
  );
  app.get("/feedback", async (_request, reply) =>
    reply.render("pages/services-list.njk", {
      title: "Compliments, complaints and feedback",
      intro: "Tell us what we did well, what went wrong, or how we could do better.",
      noneYet: "You cannot give feedback online yet.",
      services: services("feedback"),
    }),
  );
  // Tasks whose online service has not been built yet still get a real page that says how to
  // do it today, rather than a dead link from the home page.
  for (const [url, title, how] of [] as Array<readonly [string, string, string]>) {
    app.get(url, async (_request, reply) =>
      reply.render("pages/not-online-yet.njk", { title, how }),
    );
  }
  app.get("/contact", async (_request, reply) => reply.render("pages/contact.njk"));
  app.get("/accessibility", async (_request, reply) => reply.render("pages/accessibility.njk"));
  app.get("/privacy", async (_request, reply) =>
    reply.render("pages/privacy.njk", { journeyIdleMinutes: config.journeyIdleMinutes }),
  );
  app.get("/cookies", async (_request, reply) =>
    reply.render("pages/cookies.njk", {
      journeyIdleMinutes: config.journeyIdleMinutes,
      cookieNames: { session: cookieName(config, "session"), csrf: cookieName(config, "csrf") },
    }),
  );
}
