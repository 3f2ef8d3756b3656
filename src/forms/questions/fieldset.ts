// Questions made of several labelled boxes inside one fieldset (an address, a
// name). Each box is checked on its own, so every problem is reported at once.

import type { FieldError, Question } from "../engine/types.ts";
import { errorFor, fieldError, legend, message, rawString, readString } from "./common.ts";
import type { QuestionType } from "./question-type.ts";

export type Part = {
  key: string;
  /** The field name is `{question id}-{suffix}`. */
  suffix: string;
  label: string;
  required: boolean;
  /** Error code and wording when blank. */
  missing?: [code: string, text: string];
  maxLength: number;
  autocomplete: string;
  classes?: string;
  /** Normalises a filled-in value, or returns an error code and wording. */
  check?: (text: string) => string | [code: string, text: string];
};

export function fieldsetOf(
  name: QuestionType["name"],
  parts: Part[],
  { oneLine = false }: { oneLine?: boolean } = {},
): QuestionType {
  const field = (q: Question, part: Part) => `${q.id}-${part.suffix}`;
  return {
    name,
    settings: {},
    choice: false,
    fields: (q) => parts.map((part) => field(q, part)),
    read: (q, body) =>
      Object.fromEntries(parts.map((part) => [field(q, part), readString(body, field(q, part))])),
    isBlank: (q, raw) => parts.every((part) => rawString(raw, field(q, part)).trim() === ""),
    validate(q, raw) {
      const errors: FieldError[] = [];
      const value: Record<string, string> = {};
      for (const part of parts) {
        const text = rawString(raw, field(q, part)).trim().replace(/\s+/g, " ");
        if (text === "") {
          if (part.required && part.missing) {
            errors.push(
              fieldError(q, field(q, part), message(q, part.missing[0], part.missing[1])),
            );
          }
          continue;
        }
        if (text.length > part.maxLength) {
          const text = `${part.label} must be ${part.maxLength} characters or less`;
          errors.push(fieldError(q, field(q, part), message(q, `${part.suffix}-too-long`, text)));
          continue;
        }
        const checked = part.check ? part.check(text) : text;
        if (Array.isArray(checked)) {
          errors.push(fieldError(q, field(q, part), message(q, checked[0], checked[1])));
          continue;
        }
        value[part.key] = checked;
      }
      return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
    },
    toRaw: (q, value) =>
      Object.fromEntries(
        parts.map((part) => {
          const v =
            typeof value === "object" && !Array.isArray(value)
              ? (value as Record<string, unknown>)[part.key]
              : "";
          return [field(q, part), typeof v === "string" ? v : ""];
        }),
      ),
    summary(_q, value) {
      if (typeof value !== "object" || Array.isArray(value)) return [];
      const lines = parts
        .map((part) => (value as Record<string, unknown>)[part.key])
        .filter((v): v is string => typeof v === "string" && v !== "");
      return oneLine ? [lines.join(" ")] : lines;
    },
    view(q, raw, state) {
      const inputs = parts.map((part) => ({
        macro: "govukInput" as const,
        params: {
          id: field(q, part),
          name: field(q, part),
          value: rawString(raw, field(q, part)),
          label: { text: part.required ? part.label : `${part.label} (optional)` },
          autocomplete: part.autocomplete,
          ...(part.classes ? { classes: part.classes } : {}),
          ...errorFor(state.errors, [field(q, part)]),
        },
      }));
      // govukFieldset has no hint of its own: the hint is its first child.
      const hints = q.hint
        ? [{ macro: "govukHint" as const, params: { id: `${q.id}-hint`, text: q.hint } }]
        : [];
      return [
        {
          macro: "govukFieldset",
          params: {
            ...legend(q, state.isPageHeading),
            ...(q.hint ? { describedBy: `${q.id}-hint` } : {}),
          },
          children: [...hints, ...inputs],
        },
      ];
    },
  };
}
