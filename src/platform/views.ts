// Nunjucks views on top of govuk-frontend's templates and macros. Pages call
// reply.render(template, context); the layout gets the brand, the CSP nonce and the CSRF
// token from here so no route has to pass them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";
import nunjucks from "nunjucks";
import type { Config } from "../config.ts";
import { staffNavigation } from "../staff/navigation.ts";
import { CachedPage, STAND_IN } from "./cached-page.ts";
import { cacheTemplateImports } from "./template-cache.ts";
import { FragmentExtension } from "./template-fragments.ts";
import { speedUpTemplateRuntime } from "./template-runtime.ts";
import { formatUkDate } from "./uk-time.ts";

const { copySafeness } = nunjucks.runtime as unknown as {
  copySafeness<T>(original: T, result: string): T;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type RenderContext = Record<string, unknown>;

/**
 * For renderCachedPage: where the page shows markup made for each person (check your
 * answers' rows). A view writes that markup in, given to sendCachedPage.
 */
export const PERSONAL_SLOT = new nunjucks.runtime.SafeString(STAND_IN.personal);

/** Markup rendered already (renderPart), to put in a page unescaped. */
export const markupOf = (html: string) => new nunjucks.runtime.SafeString(html);

declare module "fastify" {
  interface FastifyReply {
    render(template: string, context?: RenderContext): FastifyReply;
    /**
     * The page as render() would make it for anyone on this address, kept as bytes with
     * stand-ins for the nonce and the CSRF token (cached-page.ts). Only for pages whose
     * context holds nothing about the person asking.
     */
    renderCachedPage(template: string, context?: RenderContext): CachedPage;
    /**
     * Sends a kept page with this response's nonce and, if it has a form, CSRF token; and
     * `personal`, markup made for this person, where the page has its slot (PERSONAL_SLOT).
     */
    sendCachedPage(page: CachedPage, personal?: string): FastifyReply;
    /** A template rendered as render() would, as a string to put in a page. */
    renderPart(template: string, context?: RenderContext): string;
    /** Values every page gets; a plugin adds to it per request (e.g. the CSRF token). */
    viewGlobals: RenderContext;
  }
}

export function createViewEnvironment(config: Config): nunjucks.Environment {
  // In development templates are read again on every render, so edits show at once.
  const reload = config.env === "development";
  speedUpTemplateRuntime();
  const loader = new nunjucks.FileSystemLoader(
    [path.join(root, "views"), path.join(root, "node_modules/govuk-frontend/dist")],
    { noCache: reload, watch: false },
  );
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  if (!reload) cacheTemplateImports(env);
  env.addExtension("fragment", new FragmentExtension({ reuse: !reload }));
  env.addGlobal("brand", config.brand);
  env.addGlobal("assetPath", "/assets");
  env.addGlobal("staffNavigation", staffNavigation);
  env.addFilter("formatDate", (iso: string) => formatUkDate(iso));
  // The same result as Nunjucks' own trim (JavaScript's \s and String#trim strip the same
  // characters) without its /^\s*|\s*$/ regex, which rescans every run of spaces in the
  // string: govuk-frontend trims whole blocks of markup, and that regex alone was about 5 %
  // of a question page's CPU. Marked-safe markup stays marked safe, as in Nunjucks.
  env.addFilter("trim", (value: string) => copySafeness(value, value.trim()));
  return env;
}

const nonceOf = (reply: FastifyReply) =>
  (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script;

async function views(app: FastifyInstance, options: { environment: nunjucks.Environment }) {
  const env = options.environment;
  app.decorateReply("viewGlobals", null as unknown as RenderContext);
  app.addHook("onRequest", (request, reply, done) => {
    const query = request.url.indexOf("?");
    reply.viewGlobals = { currentPath: query === -1 ? request.url : request.url.slice(0, query) };
    done();
  });
  app.decorateReply(
    "renderPart",
    function renderPart(this: FastifyReply, template: string, context = {}) {
      return env.render(template, { ...this.viewGlobals, cspNonce: nonceOf(this), ...context });
    },
  );
  app.decorateReply("render", function render(this: FastifyReply, template: string, context = {}) {
    return this.type("text/html; charset=utf-8").send(this.renderPart(template, context));
  });
  app.decorateReply(
    "renderCachedPage",
    function renderCachedPage(this: FastifyReply, template: string, context = {}) {
      // Only the page's own address from the view globals: the rest (the CSRF token, a
      // signed-in member of staff) belongs to the person asking.
      const html = env.render(template, {
        currentPath: this.viewGlobals.currentPath,
        cspNonce: STAND_IN.nonce,
        csrfToken: () => STAND_IN.csrfToken,
        ...context,
      });
      return new CachedPage(html);
    },
  );
  app.decorateReply(
    "sendCachedPage",
    function sendCachedPage(this: FastifyReply, page: CachedPage, personal?: string) {
      const csrfToken = this.viewGlobals.csrfToken as (() => string) | undefined;
      const bytes = page.view({
        nonce: nonceOf(this) ?? "",
        ...(page.hasCsrfToken && csrfToken ? { csrfToken: csrfToken() } : {}),
        ...(page.hasPersonalSlot ? { personal: personal ?? "" } : {}),
      });
      // Handed to the operating system: the copy can carry another view.
      this.raw.once("finish", () => page.sent(bytes));
      return this.type("text/html; charset=utf-8").send(bytes);
    },
  );
}

export default fp(views, { name: "views" });
