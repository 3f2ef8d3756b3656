// Small YAML form definitions for the checker's tests: `form(pages)` wraps the
// pages (and anything else) in a valid definition whose first page is line 5.

import { type Diagnostic, formatDiagnostic } from "./diagnostic.ts";
import { checkFormText } from "./index.ts";

/** Removes the first line break and the indentation common to every line. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, "")
    .replace(/\n[ \t]*$/, "\n")
    .split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length),
  );
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** `text` dedented, then indented by `spaces`: to put YAML inside a template at a given depth. */
export function indent(text: string, spaces: number): string {
  if (text.trim() === "") return "";
  return dedent(text)
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => " ".repeat(spaces) + l)
    .join("\n");
}

const HEAD = "id: test-form\ntitle: Test form\nversion: 1\nstart: a\n";
const TAIL =
  "check-answers:\n  title: Check your answers\ndeclaration: This is true.\nconfirmation:\n  title: Sent\n  what-happens-next: We will read it.\nrouting:\n  - queue: triage\n";

/** A definition with `body` (pages:, exits:, conditions:) starting on line 5. */
export function form(body: string): string {
  return HEAD + dedent(body) + TAIL;
}

export const FILE = "test-form.yaml";

export function diagnostics(text: string, severity?: Diagnostic["severity"]): string[] {
  return checkFormText(text, FILE)
    .filter((d) => !severity || d.severity === severity)
    .map(formatDiagnostic);
}

export const errors = (text: string) => diagnostics(text, "error");
export const warnings = (text: string) => diagnostics(text, "warning");
