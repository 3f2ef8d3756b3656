// `npm run forms:check [files…]`: checks form definitions (default: every *.yaml in
// forms/), prints `file:line:col: error|warning: message`, then how many distinct
// paths each form has. Exits 1 when there is any error.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../../config.ts";
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
  // Routing names teams: check them against the teams the site will load.
  const teamsFile = loadConfig().teamsFile;
  const teams = (parse(readFileSync(teamsFile, "utf8")) as { teams: Array<{ id: string }> }).teams;
  const reports = await reportForms(files, {
    teams: { ids: new Set(teams.map((t) => t.id)), file: relative(process.cwd(), teamsFile) },
  });
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
