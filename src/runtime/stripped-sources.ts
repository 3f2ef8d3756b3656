// The site's own TypeScript, with its types stripped ahead of time for the server process.
// Node runs .ts files by stripping types as it loads them, with a WebAssembly build of SWC
// (amaro) that it loads on the first .ts file and keeps: its 3.8 MB JavaScript source, its
// 3.3 MB module and its compiled code stayed in every server process's memory for good, about
// 17-20 MB of the resident set at idle (measured: 134-138 MiB with it, 117-118 without). So
// `npm start` (src/start.ts) strips every source file here, in the launching process, which
// then replaces itself with the server (execve, so all of this memory goes), and the server
// loads the stripped copies through a load hook (stripped-sources-hook.js) and never loads
// amaro. The transform is the one Node applies itself (module.stripTypeScriptTypes, "strip"
// mode): types become spaces, so every line and column, and every stack trace, stays the
// same. See docs/adr/0017-stripped-sources.md.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import path from "node:path";

/** The environment variable that tells the hook where the stripped copies are. */
export const STRIPPED_SOURCES_DIR = "BLUELAMP_STRIPPED_SOURCES";

/** A copy's name: the hash of its source, so a changed file can never get a stale copy. */
export function strippedName(source: Buffer): string {
  return `${createHash("sha256").update(source).digest("hex").slice(0, 40)}.js`;
}

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(file, found);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) found.push(file);
  }
  return found;
}

/** Types stripped as Node would, without its "experimental" warning on every start. */
function strip(source: string): string {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (!text.includes("stripTypeScriptTypes")) {
      (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    }
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source, { mode: "strip" });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * Makes sure `cacheDir` holds a stripped copy of every .ts file under `sourceDir` (tests
 * excepted), named by the hash of its source, and removes copies no source has any more.
 * Returns how many copies it wrote. Throws if the folder cannot be written.
 */
export function prepareStrippedSources(sourceDir: string, cacheDir: string): number {
  fs.mkdirSync(cacheDir, { recursive: true });
  const kept = new Set(fs.readdirSync(cacheDir));
  const wanted = new Set<string>();
  let written = 0;
  for (const file of sourceFiles(sourceDir)) {
    const source = fs.readFileSync(file);
    const name = strippedName(source);
    wanted.add(name);
    if (kept.has(name)) continue;
    // Written whole under another name, then renamed: a server starting at the same time
    // (the site and the worker) sees either no copy or the whole of it.
    const partial = path.join(cacheDir, `.${name}.${process.pid}`);
    fs.writeFileSync(partial, strip(source.toString("utf8")));
    fs.renameSync(partial, path.join(cacheDir, name));
    written++;
  }
  for (const name of kept) {
    if (!wanted.has(name) && name.endsWith(".js"))
      fs.rmSync(path.join(cacheDir, name), { force: true });
  }
  return written;
}
