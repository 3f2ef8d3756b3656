// Any number of answers from a list, with an optional exclusive "None" option
// that cannot be ticked with the others.

import { DONT_KNOW_VALUE } from "./choice.ts";
import { errorFor, fail, hint, isDontKnow, legend, message, ok, readStrings } from "./common.ts";
import type { QuestionType } from "./question-type.ts";

function ticked(raw: Record<string, string | string[]>, name: string): string[] {
  const value = raw[name];
  return Array.isArray(value) ? value : typeof value === "string" && value !== "" ? [value] : [];
}

export const checkboxes: QuestionType = {
  name: "checkboxes",
  settings: { options: "options" },
  choice: true,
  fields: (q) => [q.id],
  read: (q, body) => ({ [q.id]: readStrings(body, q.id).filter((v) => v !== "") }),
  isBlank: (q, raw) => ticked(raw, q.id).length === 0,
  validate(q, raw) {
    const options = q.options ?? [];
    const chosen = new Set(ticked(raw, q.id));
    // Keep the form's order and drop values that are not options (tampering).
    const values = options.filter((o) => chosen.has(o.value));
    const what = q.shortDescription;
    if (values.length === 0) {
      return fail(
        q,
        q.id,
        message(q, "required", what ? `Select ${what}` : "Select at least one answer"),
      );
    }
    const exclusive = values.find((o) => o.exclusive);
    if (exclusive && values.length > 1) {
      const start = what ? `Select ${what}` : "Select your answers";
      return fail(q, q.id, message(q, "exclusive", `${start}, or select ‘${exclusive.text}’`));
    }
    return ok(values.map((o) => o.value));
  },
  toRaw: (q, value) => ({
    [q.id]: isDontKnow(value) ? [DONT_KNOW_VALUE] : Array.isArray(value) ? value : [],
  }),
  summary: (q, value) =>
    Array.isArray(value) ? value.map((v) => q.options?.find((o) => o.value === v)?.text ?? v) : [],
  view(q, raw, state) {
    const chosen = new Set(ticked(raw, q.id));
    const items: unknown[] = [];
    for (const option of q.options ?? []) {
      if (option.dividerBefore) items.push({ divider: "or" });
      items.push({
        value: option.value,
        text: option.text,
        checked: chosen.has(option.value),
        ...(option.hint ? { hint: { text: option.hint } } : {}),
        ...(option.exclusive ? { behaviour: "exclusive" } : {}),
      });
    }
    if (q.allowDontKnow) {
      items.push({ divider: "or" });
      items.push({
        value: DONT_KNOW_VALUE,
        text: q.dontKnowText,
        checked: chosen.has(DONT_KNOW_VALUE),
        behaviour: "exclusive",
      });
    }
    return [
      {
        macro: "govukCheckboxes",
        params: {
          idPrefix: q.id,
          name: q.id,
          fieldset: legend(q, state.isPageHeading),
          ...hint(q),
          ...errorFor(state.errors, [q.id]),
          items,
        },
      },
    ];
  },
};
