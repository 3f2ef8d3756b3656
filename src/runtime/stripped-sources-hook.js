// Loaded with `--import` into the server by src/start.ts: serves the site's .ts files from
// the stripped copies src/runtime/stripped-sources.ts made, so this process never loads
// Node's TypeScript stripper (docs/adr/0017-stripped-sources.md). Plain JavaScript because
// a .ts file here would load the very stripper it exists to avoid. A file without a copy
// (added since the start) is left to Node, which strips it as usual.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { registerHooks } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.BLUELAMP_STRIPPED_SOURCES;

if (dir) {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith("file:") && url.endsWith(".ts")) {
        const source = fs.readFileSync(fileURLToPath(url));
        // The same name as strippedName() in stripped-sources.ts: the hash of the source.
        const name = `${createHash("sha256").update(source).digest("hex").slice(0, 40)}.js`;
        let stripped;
        try {
          stripped = fs.readFileSync(path.join(dir, name), "utf8");
        } catch {
          return nextLoad(url, context);
        }
        return { format: "module", source: stripped, shortCircuit: true };
      }
      return nextLoad(url, context);
    },
  });
}
