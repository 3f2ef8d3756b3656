// A UK postcode, stored the way Royal Mail writes it: upper case, one space
// before the last three characters.

import { singleField } from "./single-field.ts";

const POSTCODE = /^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$/;

export function normalisePostcode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, "").toUpperCase();
  if (!POSTCODE.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const ukPostcode = singleField({
  name: "uk-postcode",
  required: (q) => (q.shortDescription ? `Enter ${q.shortDescription}` : "Enter a postcode"),
  format: "Enter a full UK postcode, like SW1A 2AA",
  normalise: normalisePostcode,
  input: {
    autocomplete: "postal-code",
    spellcheck: false,
    classes: "govuk-input--width-10",
  },
});
