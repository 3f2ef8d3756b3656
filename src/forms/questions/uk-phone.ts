// A UK phone number, stored in E.164 (+447700900982) so that staff and systems
// can dial it whatever way it was typed: "07700 900 982", "+44 (0)7700-900982".

import { singleField } from "./single-field.ts";

export function normaliseUkPhone(text: string): string | undefined {
  let digits = text.replace(/[\s\-().]/g, "");
  if (digits.startsWith("+44")) digits = digits.slice(3);
  else if (digits.startsWith("0044")) digits = digits.slice(4);
  else if (digits.startsWith("44") && digits.length === 12) digits = digits.slice(2);
  else if (digits.startsWith("0")) digits = digits.slice(1);
  else return undefined;
  // "+44 (0)20 …" leaves the trunk 0 behind.
  if (digits.startsWith("0")) digits = digits.slice(1);
  // UK numbers are 10 digits after the trunk 0; only some 01 areas and 0800 have 9.
  if (!/^([1235789]\d{9}|[18]\d{8})$/.test(digits)) return undefined;
  return `+44${digits}`;
}

/** "+447700900982" → "07700 900982": the way people read their own number. */
export function formatUkPhone(e164: string): string {
  if (!e164.startsWith("+44")) return e164;
  const national = `0${e164.slice(3)}`;
  return national.length === 11 ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}

export const ukPhone = singleField({
  name: "uk-phone",
  required: (q) => (q.shortDescription ? `Enter ${q.shortDescription}` : "Enter a phone number"),
  format: "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
  normalise: normaliseUkPhone,
  display: formatUkPhone,
  input: { type: "tel", autocomplete: "tel", spellcheck: false, classes: "govuk-input--width-20" },
});
