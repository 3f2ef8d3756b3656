// /staff/admin/outbox: what is waiting to leave, what has been sent, and the dead letters
// (messages the worker stopped trying), each with a Retry button. Recipients are masked and
// bodies never shown. /staff/admin/outbox/maildrop lists the emails written to
// DATA_DIR/maildrop/ (the demo's default, without a mail server), and shows one as plain
// text: only a file the listing names can be opened, so no path reaches the disk.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import {
  listDeadLetters,
  listMaildrop,
  outboxStats,
  readMaildrop,
  retryMessage,
} from "../outbox/index.ts";
import { renderNotFound } from "../platform/errors.ts";
import { audit } from "../staff/audit.ts";
import { requireAction } from "../staff/guard.ts";
import { formatDateTime, maskRecipient, redirectWith, takeFlash, wrappable } from "./forms.ts";
import { retryAllDead } from "./outbox.ts";

const BASE = "/staff/admin/outbox";
const MAILDROP_PAGE_SIZE = 50;
const DEAD_SHOWN = 100;

export async function outboxRoutes(
  app: FastifyInstance,
  options: {
    config: Config;
    db: Kysely<Database>;
    now: () => Date;
    /** Tells the in-process worker (if any) to look for due messages now. */
    wakeOutbox?: () => void;
  },
) {
  const { config, db, now } = options;
  const wake = () => options.wakeOutbox?.();
  const manage = { preHandler: requireAction("outbox:manage") };
  const viewMaildrop = { preHandler: requireAction("maildrop:view") };

  app.get(BASE, manage, async (request, reply) => {
    const [stats, dead, maildrop] = await Promise.all([
      outboxStats(db, now()),
      listDeadLetters(db, { limit: DEAD_SHOWN }),
      listMaildrop(config.dataDir),
    ]);
    return reply.render("staff/admin/outbox.njk", {
      title: "Outbox",
      flash: await takeFlash(request),
      stats: { ...stats, oldestPendingText: formatDateTime(stats.oldestPendingAt) },
      dead: dead.map((d) => ({
        ...d,
        recipientHtml: wrappable(maskRecipient(d.recipient)),
        createdAtText: formatDateTime(d.createdAt),
      })),
      deadShown: DEAD_SHOWN,
      usesSmtp: config.outbox.smtpUrl !== undefined,
      maxAttempts: config.outbox.maxAttempts,
      maildropCount: maildrop.length,
    });
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/retry`, manage, async (request, reply) => {
    const id = request.params.id;
    const retried =
      /^[\w-]{1,64}$/.test(id) &&
      (await db.transaction().execute(async (trx) => {
        const done = await retryMessage(trx, id, now());
        if (done)
          await audit(
            trx,
            { staffId: request.staff!.id, action: "outbox-retried", detail: { message: id } },
            now(),
          );
        return done;
      }));
    if (retried) wake();
    return redirectWith(request, reply, BASE, {
      text: retried
        ? "The message is back in the queue and will be sent again shortly."
        : "That message was not waiting for a retry. Someone may have retried it already.",
    });
  });

  app.post(`${BASE}/retry-all`, manage, async (request, reply) => {
    const count = await db.transaction().execute(async (trx) => {
      const count = await retryAllDead(trx, now());
      if (count > 0)
        await audit(
          trx,
          { staffId: request.staff!.id, action: "outbox-retried-all", detail: { count } },
          now(),
        );
      return count;
    });
    if (count > 0) wake();
    return redirectWith(request, reply, BASE, {
      text:
        count === 0
          ? "There were no dead messages to retry."
          : `${count} ${count === 1 ? "message is" : "messages are"} back in the queue and will be sent again shortly.`,
    });
  });

  app.get<{ Querystring: { page?: string } }>(
    `${BASE}/maildrop`,
    viewMaildrop,
    async (request, reply) => {
      const entries = await listMaildrop(config.dataDir);
      const pages = Math.max(1, Math.ceil(entries.length / MAILDROP_PAGE_SIZE));
      const asked = Number(request.query.page ?? "1");
      const page = Number.isInteger(asked) && asked >= 1 && asked <= pages ? asked : 1;
      const shown = entries.slice((page - 1) * MAILDROP_PAGE_SIZE, page * MAILDROP_PAGE_SIZE);
      const href = (n: number) => `${BASE}/maildrop${n === 1 ? "" : `?page=${n}`}`;
      return reply.render("staff/admin/maildrop.njk", {
        title: "Emails in the maildrop",
        breadcrumbs: [
          { text: "Back office", href: "/staff" },
          { text: "Outbox", href: BASE },
        ],
        usesSmtp: config.outbox.smtpUrl !== undefined,
        total: entries.length,
        first: (page - 1) * MAILDROP_PAGE_SIZE + 1,
        last: (page - 1) * MAILDROP_PAGE_SIZE + shown.length,
        emails: shown.map((e) => ({
          file: e.file,
          dateText: formatDateTime(e.date) || "Unknown",
          toHtml: wrappable(e.to ?? "Unknown"),
          subject: e.subject || "(no subject)",
        })),
        pagination:
          pages > 1
            ? {
                ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
                ...(page < pages ? { next: { href: href(page + 1) } } : {}),
                items: Array.from({ length: pages }, (_, i) => ({
                  number: i + 1,
                  href: href(i + 1),
                  current: i + 1 === page,
                })),
              }
            : undefined,
      });
    },
  );

  app.get<{ Params: { file: string } }>(
    `${BASE}/maildrop/:file`,
    viewMaildrop,
    async (request, reply) => {
      // Only a name the listing gives: whatever else is asked for never reaches the disk.
      const entry = (await listMaildrop(config.dataDir)).find(
        (e) => e.file === request.params.file,
      );
      const text = entry ? await readMaildrop(config.dataDir, entry.file) : undefined;
      if (!entry || text === undefined) return renderNotFound(reply);
      // The email holds what was sent to a member of the public: a view is recorded.
      await audit(
        db,
        {
          staffId: request.staff!.id,
          action: "maildrop-email-viewed",
          detail: { file: entry.file },
        },
        now(),
      );
      return reply
        .type("text/plain; charset=utf-8")
        .header("content-disposition", `inline; filename="${entry.file}"`)
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
        .send(text);
    },
  );
}
