// What the checker reports: one problem at one place in one file.

export type Severity = "error" | "warning";

export type Diagnostic = {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** Which check found it, e.g. "unreachable-page"; for tests and filtering. */
  rule: string;
};

/** `file:line:col: error|warning: message`, the shape editors and CI annotate from. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.message.localeCompare(b.message)
  );
}
