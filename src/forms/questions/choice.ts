// The one-answer-from-a-list shape shared by radios, yes/no and approximate time.

import type { Option, Question } from "../engine/types.ts";
import {
  errorFor,
  fail,
  hint,
  isDontKnow,
  legend,
  message,
  ok,
  rawString,
  readString,
} from "./common.ts";
import type { QuestionType } from "./question-type.ts";

/** The value posted for "I do not know"; reserved, so no option may use it. */
export const DONT_KNOW_VALUE = "dont-know";

export function radiosOf({
  name,
  settings,
  optionsOf,
  requiredWording,
  inline = () => false,
}: {
  name: QuestionType["name"];
  settings: QuestionType["settings"];
  optionsOf: (q: Question) => Option[];
  requiredWording: (q: Question) => string;
  inline?: (q: Question) => boolean;
}): QuestionType {
  return {
    name,
    settings,
    choice: true,
    fields: (q) => [q.id],
    read: (q, body) => ({ [q.id]: readString(body, q.id) }),
    isBlank: (q, raw) => rawString(raw, q.id) === "",
    validate(q, raw) {
      const chosen = rawString(raw, q.id);
      const option = optionsOf(q).find((o) => o.value === chosen);
      // A value that is not an option was tampered with: treat it as no answer.
      if (!option) return fail(q, q.id, message(q, "required", requiredWording(q)));
      return ok(option.value);
    },
    toRaw: (q, value) => ({
      [q.id]: isDontKnow(value) ? DONT_KNOW_VALUE : typeof value === "string" ? value : "",
    }),
    summary: (q, value) => [optionsOf(q).find((o) => o.value === value)?.text ?? String(value)],
    view(q, raw, state) {
      const chosen = rawString(raw, q.id);
      const items: unknown[] = [];
      for (const option of optionsOf(q)) {
        if (option.dividerBefore) items.push({ divider: "or" });
        items.push({
          value: option.value,
          text: option.text,
          checked: option.value === chosen,
          ...(option.hint ? { hint: { text: option.hint } } : {}),
        });
      }
      if (q.allowDontKnow) {
        items.push({ divider: "or" });
        items.push({
          value: DONT_KNOW_VALUE,
          text: q.dontKnowText,
          checked: chosen === DONT_KNOW_VALUE,
        });
      }
      return [
        {
          macro: "govukRadios",
          params: {
            idPrefix: q.id,
            name: q.id,
            fieldset: legend(q, state.isPageHeading),
            ...hint(q),
            ...errorFor(state.errors, [q.id]),
            ...(inline(q) ? { classes: "govuk-radios--inline" } : {}),
            items,
          },
        },
      ];
    },
  };
}
