// One answer from a short list the form defines.

import { radiosOf } from "./choice.ts";

export const radios = radiosOf({
  name: "radios",
  settings: { options: "options" },
  optionsOf: (q) => q.options ?? [],
  requiredWording: (q) =>
    q.shortDescription ? `Select ${q.shortDescription}` : "Select an answer",
});
