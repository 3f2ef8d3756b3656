// A question the public answers yes or no. Its message follows the GOV.UK
// pattern "Select yes if …", which needs the question's own words.

import type { Option } from "../engine/types.ts";
import { radiosOf } from "./choice.ts";

const YES_NO: Option[] = [
  { value: "yes", text: "Yes" },
  { value: "no", text: "No" },
];

export const yesNo = radiosOf({
  name: "yes-no",
  settings: { inline: "boolean" },
  optionsOf: () => YES_NO,
  requiredWording: (q) =>
    q.shortDescription ? `Select yes if ${q.shortDescription}` : "Select yes or no",
  inline: (q) => q.inline !== false,
});
