// Drives one journey through the HTTP app as a person would: answer whatever page the site
// sends you to, from a map of answers by page id, until check your answers, then send.
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { cookieHeader, formState } from "./app.ts";

export type PageAnswers = Record<string, Record<string, string | string[]>>;

export async function completeJourney(
  app: FastifyInstance,
  formId: string,
  answers: PageAnswers,
  options: { submitTimes?: number } = {},
) {
  const cookies: Record<string, string> = {};
  const keep = (res: { cookies: Array<{ name: string; value: string }> }) => {
    for (const c of res.cookies) cookies[c.name] = c.value;
  };
  const base = `/services/${formId}`;
  let url = `${base}/emergency`;
  for (let step = 0; step < 60; step++) {
    const page = await app.inject({ url, headers: { cookie: cookieHeader(cookies) } });
    keep(page);
    if (page.statusCode === 303) {
      url = String(page.headers.location);
      continue;
    }
    assert.equal(page.statusCode, 200, `GET ${url}`);
    const pageId = url.slice(base.length + 1).split("?")[0];
    const { token } = formState(page);
    const body = pageId === "check-answers" ? {} : answers[pageId];
    assert.ok(body, `no answer given for the page "${pageId}"`);
    const params = new URLSearchParams({ _csrf: token ?? "" });
    for (const [key, value] of Object.entries(body)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    const post = () =>
      app.inject({
        method: "POST",
        url,
        headers: {
          cookie: cookieHeader(cookies),
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: params.toString(),
      });
    // Sending check your answers several times at once is a double (or triple) click.
    const times = pageId === "check-answers" ? (options.submitTimes ?? 1) : 1;
    const responses = await Promise.all(Array.from({ length: times }, post));
    for (const r of responses) assert.equal(r.statusCode, 303, `POST ${url} gave ${r.statusCode}`);
    const res = responses[0];
    keep(res);
    assert.equal(
      res.statusCode,
      303,
      `POST ${url} gave ${res.statusCode}: ${/govuk-error-message[\s\S]*?<\/p>/.exec(res.body)?.[0] ?? ""}`,
    );
    url = String(res.headers.location);
    if (url === `${base}/confirmation`) {
      const confirmation = await app.inject({ url, headers: { cookie: cookieHeader(cookies) } });
      const reference = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/.exec(confirmation.body)?.[0];
      assert.ok(reference, "the confirmation shows a reference");
      const trackingCode = /tracking code: <strong class="bl-reference">([^<]+)</.exec(
        confirmation.body,
      )?.[1];
      return { reference, trackingCode, cookies, confirmation };
    }
  }
  throw new Error("the journey did not finish in 60 steps");
}

/** A short, realistic theft: a phone taken from a pocket, reported anonymously. */
export const anonymousPhoneTheft: PageAnswers = {
  emergency: { emergency: "no" },
  "how-stolen": { "how-stolen": "from-person" },
  "what-stolen": { "what-stolen": ["phone"] },
  "phone-imei": { "phone-imei": "", "phone-imei-dont-know": "yes" },
  "item-description": { "item-description": "A black phone in a blue case" },
  "when-date": { "when-date-day": "2", "when-date-month": "12", "when-date-year": "2026" },
  "when-time": { "when-time": "evening" },
  "where-known": { "where-known": "postcode" },
  "where-postcode": { "where-postcode": "nw1 7ab" },
  value: { value: "250" },
  "saw-suspect": { "saw-suspect": "no" },
  witnesses: { witnesses: "no" },
  cctv: { cctv: "no" },
  contact: { contact: "no" },
  "stay-anonymous": { "stay-anonymous": "yes" },
};

/** The same theft by someone who gives an email address. */
export const phoneTheftWithEmail: PageAnswers = {
  ...anonymousPhoneTheft,
  contact: { contact: "yes" },
  "your-name": { "your-name-first": "Sam", "your-name-last": "Taylor" },
  "contact-method": { "contact-method": "email" },
  "your-email": { "your-email": "sam.taylor@example.com" },
};
