// The error the site refuses to start with: it names the file, line and column
// of the node that is wrong, so a form author can fix it without reading code.

export type Problem = { file: string; line: number; column: number; message: string };

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export class FormDefinitionError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Every problem found, first one first; `line`/`column` are the first's. */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "FormDefinitionError";
    const first = problems[0] ?? { file: "", line: 0, column: 0, message: "" };
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.problems = problems;
  }
}
