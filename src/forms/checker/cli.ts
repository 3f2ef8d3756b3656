// `npm run forms:check [files…]`: checks form definitions (default: every *.yaml in
// forms/), prints `file:line:col: error|warning: message`, then how many distinct
// paths each form has. Exits 1 when there is any error.

import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { formatDiagnostic, reportForms } from "./index.ts";

const root = resolve(import.meta.dirname, "../../..");
const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args
    : readdirSync(join(root, "forms"))
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => relative(process.cwd(), join(root, "forms", f)));

if (files.length === 0) {
  console.error("forms:check: no form definitions to check");
  process.exit(1);
}

let errors = 0;
let warnings = 0;
try {
  const reports = await reportForms(files);
  for (const report of reports) {
    for (const d of report.diagnostics) {
      console.log(formatDiagnostic(d));
      if (d.severity === "error") errors++;
      else warnings++;
    }
  }
  for (const { file, paths } of reports) {
    if (paths) {
      console.log(
        `${file}: ${paths.total} paths (${paths.toCheckAnswers} to check your answers, ${paths.toExits} to exits)`,
      );
    }
  }
} catch (error) {
  console.error(`forms:check: ${(error as Error).message}`);
  process.exit(1);
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
console.log(
  `${plural(files.length, "form")} checked: ${plural(errors, "error")}, ${plural(warnings, "warning")}`,
);
process.exit(errors > 0 ? 1 : 0);
