// `npm start` and `npm run worker`: start the site (src/server.ts), or with "worker" the
// outbox worker (src/worker.ts), in a Node process with the runtime settings of
// src/runtime/settings.ts. Those take effect only at start, so this process replaces itself
// (execve: same process id, so signals and process managers see one process) with
// `node <flags> src/server.ts`. Where execve is missing (Windows) it runs the entry here,
// without the settings.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { environmentWith, flagsToAdd } from "./runtime/settings.ts";
import { prepareStrippedSources, STRIPPED_SOURCES_DIR } from "./runtime/stripped-sources.ts";

const entries: Record<string, string> = { site: "./server.ts", worker: "./worker.ts" };
const which = process.argv[2] ?? "site";
const entry = entries[which];
if (!entry) {
  console.error(`Usage: node src/start.ts [${Object.keys(entries).join("|")}]`);
  process.exit(64); // EX_USAGE
}
const entryUrl = new URL(entry, import.meta.url);

/**
 * The site's sources with their types stripped, for the server to load without Node's
 * stripper (src/runtime/stripped-sources.ts): the `--import` of the hook and where the
 * copies are, or nothing (Node strips as it loads, as before) if they cannot be written.
 */
function strippedSources(): { flags: string[]; env: Record<string, string> } {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const cacheDir = path.join(root, "node_modules", ".cache", "bluelamp", "stripped");
  try {
    prepareStrippedSources(path.join(root, "src"), cacheDir);
  } catch (error) {
    console.error(`Types will be stripped as files load: ${(error as Error).message}`);
    return { flags: [], env: {} };
  }
  const hook = new URL("./runtime/stripped-sources-hook.js", import.meta.url).href;
  return { flags: ["--import", hook], env: { [STRIPPED_SOURCES_DIR]: cacheDir } };
}

if (typeof process.execve === "function") {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  const stripped = strippedSources();
  process.execve(
    process.execPath,
    [
      process.execPath,
      ...process.execArgv,
      ...flagsToAdd(given),
      ...stripped.flags,
      fileURLToPath(entryUrl),
    ],
    environmentWith({ ...process.env, ...stripped.env }),
  );
} else {
  await import(entryUrl.href);
}
