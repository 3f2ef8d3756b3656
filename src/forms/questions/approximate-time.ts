// When something happened, as well as the person remembers it: most people
// know "in the evening" rather than "at 19:40".

import type { Option } from "../engine/types.ts";
import { radiosOf } from "./choice.ts";

export const TIMES_OF_DAY: Option[] = [
  { value: "morning", text: "Morning", hint: "6am to midday" },
  { value: "afternoon", text: "Afternoon", hint: "Midday to 6pm" },
  { value: "evening", text: "Evening", hint: "6pm to midnight" },
  { value: "night", text: "Night", hint: "Midnight to 6am" },
];

export const approximateTime = radiosOf({
  name: "approximate-time",
  settings: { options: "options" },
  optionsOf: (q) => q.options ?? TIMES_OF_DAY,
  requiredWording: (q) =>
    q.shortDescription ? `Select ${q.shortDescription}` : "Select a time of day",
});
