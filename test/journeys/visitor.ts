// One member of the public talking to the app through app.inject: keeps their cookies
// (session and CSRF) from response to response and the latest CSRF token from a page, and
// posts bodies the way a browser does (application/x-www-form-urlencoded, a repeated field
// once per value).
import assert from "node:assert/strict";
import type { App } from "../../src/app.ts";
import type { Body } from "./answer-generator.ts";

export type Response = {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
};

export class Visitor {
  readonly app: App;
  cookies: Record<string, string> = {};
  token: string | undefined;

  constructor(app: App) {
    this.app = app;
  }

  private cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  }

  private absorb(response: {
    body: string;
    cookies: Array<{ name: string; value: string; maxAge?: number; expires?: Date }>;
  }) {
    for (const c of response.cookies) {
      const cleared = c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < 1);
      if (cleared) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.token = token;
  }

  async get(url: string): Promise<Response> {
    const response = await this.app.inject({
      method: "GET",
      url,
      headers: { cookie: this.cookieHeader() },
    });
    this.absorb(response);
    return response;
  }

  /** Posts a body with the CSRF token (unless `csrf: false`), as a browser would. */
  async post(url: string, body: Body, options: { csrf?: boolean } = {}): Promise<Response> {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    }
    if (options.csrf !== false) {
      assert.ok(this.token, `no CSRF token yet: GET a page with a form before posting to ${url}`);
      form.append("_csrf", this.token);
    }
    const response = await this.app.inject({
      method: "POST",
      url,
      headers: {
        cookie: this.cookieHeader(),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: form.toString(),
    });
    this.absorb(response);
    return response;
  }
}

// ---- reading pages ----------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ndash: "\u2013",
};

export function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n =
        code[1] === "x" || code[1] === "X"
          ? Number.parseInt(code.slice(2), 16)
          : Number(code.slice(1));
      return String.fromCodePoint(n);
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** As Nunjucks autoescape writes it. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function pageTitle(html: string): string {
  return decodeHtml(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1]?.trim() ?? "");
}

/** The text of the page, tags removed and entities decoded, whitespace squeezed. */
export function pageText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<script[\s\S]*?<\/script>/g, "");
  return decodeHtml(body.replace(/<br\s*\/?>/g, "\n").replace(/<[^>]+>/g, " "))
    .replace(/[ \t\r\n]+/g, " ")
    .trim();
}

export const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();

/** The links in the GOV.UK error summary: [href, text]. */
export function errorSummaryLinks(html: string): Array<{ href: string; text: string }> {
  const start = html.indexOf('class="govuk-error-summary"');
  if (start === -1) return [];
  const end = html.indexOf("</ul>", start);
  const summary = html.slice(start, end);
  return [...summary.matchAll(/<a href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decodeHtml(m[1]),
    text: squeeze(decodeHtml(m[2])),
  }));
}

export function elementIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeHtml(m[1])));
}

export function backLink(html: string): string | undefined {
  const tag = /<a [^>]*class="govuk-back-link"[^>]*>/.exec(html)?.[0];
  return tag && decodeHtml(/href="([^"]+)"/.exec(tag)?.[1] ?? "");
}

export function location(response: Response): string | undefined {
  const value = response.headers.location;
  return typeof value === "string" ? value : undefined;
}

export const REFERENCE = /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/;

export function referenceOn(html: string): string | undefined {
  return /class="bl-reference">([^<]+)</.exec(html)?.[1]?.trim();
}
