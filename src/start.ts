// `npm start` and `npm run worker`: start the site (src/server.ts), or with "worker" the
// outbox worker (src/worker.ts), in a Node process with the runtime settings of
// src/runtime/settings.ts. Those take effect only at start, so this process replaces itself
// (execve: same process id, so signals and process managers see one process) with
// `node <flags> src/server.ts`. Where execve is missing (Windows) it runs the entry here,
// without the settings.
import { fileURLToPath } from "node:url";
import { environmentWith, flagsToAdd } from "./runtime/settings.ts";

const entries: Record<string, string> = { site: "./server.ts", worker: "./worker.ts" };
const which = process.argv[2] ?? "site";
const entry = entries[which];
if (!entry) {
  console.error(`Usage: node src/start.ts [${Object.keys(entries).join("|")}]`);
  process.exit(64); // EX_USAGE
}
const entryUrl = new URL(entry, import.meta.url);

if (typeof process.execve === "function") {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  process.execve(
    process.execPath,
    [process.execPath, ...process.execArgv, ...flagsToAdd(given), fileURLToPath(entryUrl)],
    environmentWith(process.env),
  );
} else {
  await import(entryUrl.href);
}
