// A UK postal address in the GOV.UK pattern's boxes.

import { fieldsetOf } from "./fieldset.ts";
import { normalisePostcode } from "./uk-postcode.ts";

export const ukAddress = fieldsetOf("uk-address", [
  {
    key: "line1",
    suffix: "line-1",
    label: "Address line 1",
    required: true,
    missing: ["line-1-required", "Enter address line 1, typically the building and street"],
    maxLength: 200,
    autocomplete: "address-line1",
  },
  {
    key: "line2",
    suffix: "line-2",
    label: "Address line 2",
    required: false,
    maxLength: 200,
    autocomplete: "address-line2",
  },
  {
    key: "town",
    suffix: "town",
    label: "Town or city",
    required: true,
    missing: ["town-required", "Enter town or city"],
    maxLength: 100,
    autocomplete: "address-level2",
    classes: "govuk-!-width-two-thirds",
  },
  {
    key: "postcode",
    suffix: "postcode",
    label: "Postcode",
    required: true,
    missing: ["postcode-required", "Enter postcode"],
    maxLength: 10,
    autocomplete: "postal-code",
    classes: "govuk-input--width-10",
    check: (text) =>
      normalisePostcode(text) ?? ["postcode-format", "Enter a full UK postcode, like SW1A 2AA"],
  },
]);
