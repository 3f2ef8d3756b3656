// A person's name in two boxes. Neither box assumes a culture's name order
// beyond "first" and "last", which is what staff search by.

import { fieldsetOf } from "./fieldset.ts";

export const fullName = fieldsetOf(
  "full-name",
  [
    {
      key: "first",
      suffix: "first",
      label: "First name",
      required: true,
      missing: ["first-required", "Enter first name"],
      maxLength: 100,
      autocomplete: "given-name",
      classes: "govuk-!-width-two-thirds",
    },
    {
      key: "last",
      suffix: "last",
      label: "Last name",
      required: true,
      missing: ["last-required", "Enter last name"],
      maxLength: 100,
      autocomplete: "family-name",
      classes: "govuk-!-width-two-thirds",
    },
  ],
  { oneLine: true },
);
