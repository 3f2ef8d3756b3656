// `npm run bench [-- <suite>]`: runs one benchmark suite (default: platform) and writes
// bench/results/<date>-<suite>.json and .md. See bench/README.md.
import { runSuite, type Suite } from "./lib/runner.ts";

const suites: Record<string, () => Promise<Suite>> = {
  platform: async () => (await import("./platform.ts")).suite,
  forms: async () => (await import("./forms.ts")).suite,
  neighbourhoods: async () => (await import("./neighbourhoods.ts")).suite,
  search: async () => (await import("./search.ts")).suite,
};

const name = process.argv[2] ?? "platform";
const load = suites[name];
if (!load) {
  console.error(`Unknown suite "${name}". Suites: ${Object.keys(suites).join(", ")}`);
  process.exit(2);
}

try {
  await runSuite(await load());
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
