// An email address. The check is deliberately loose (something@something.tld):
// only sending an email proves an address, and a strict pattern refuses real ones.

import { singleField } from "./single-field.ts";

export function normaliseEmail(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 254) return undefined;
  const match = /^([^\s@]+)@([^\s@]+\.[^\s@.]{2,})$/.exec(trimmed);
  if (!match) return undefined;
  const domain = match[2].toLowerCase();
  if (domain.includes("..") || domain.startsWith(".")) return undefined;
  // The local part may be case-sensitive; only the domain is not.
  return `${match[1]}@${domain}`;
}

export const email = singleField({
  name: "email",
  required: (q) => (q.shortDescription ? `Enter ${q.shortDescription}` : "Enter an email address"),
  format: "Enter an email address in the correct format, like name@example.com",
  normalise: normaliseEmail,
  input: {
    type: "email",
    autocomplete: "email",
    spellcheck: false,
    classes: "govuk-!-width-two-thirds",
  },
});
