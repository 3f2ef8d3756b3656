// Stripped copies of the site's sources: one per source, named by its hash, rewritten only
// when a source changes; and a process started with the hook runs the site's .ts files from
// them without ever loading Node's TypeScript stripper.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { prepareStrippedSources, STRIPPED_SOURCES_DIR, strippedName } from "./stripped-sources.ts";

const hook = fileURLToPath(new URL("./stripped-sources-hook.js", import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-stripped-"));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const sources = path.join(work, "src");
const cache = path.join(work, "cache");
fs.mkdirSync(path.join(sources, "lib"), { recursive: true });
const files = {
  "main.ts": [
    'import { twice } from "./lib/twice.ts";',
    "const n: number = twice(21);",
    "type Shown = { loaded: string[] };",
    "const shown: Shown = {",
    '  loaded: process.moduleLoadList.filter((m: string) => m.includes("amaro")),',
    "};",
    "console.log(JSON.stringify({ n, ...shown, line: new Error().stack?.split('\\n')[1] }));",
    "",
  ].join("\n"),
  "lib/twice.ts": "export function twice(x: number): number {\n  return x * 2;\n}\n",
  "lib/twice.test.ts": "const never: string = 'tests are not copied';\n",
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(sources, name), text);

const run = (withHook: boolean) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [...(withHook ? ["--import", hook] : []), path.join(sources, "main.ts")],
      { env: { ...process.env, [STRIPPED_SOURCES_DIR]: cache }, encoding: "utf8" },
    ),
  ) as { n: number; loaded: string[]; line: string };

describe("stripped sources", () => {
  test("one copy per source file, tests left out, written again only when a source changes", () => {
    assert.equal(prepareStrippedSources(sources, cache), 2);
    assert.equal(prepareStrippedSources(sources, cache), 0, "nothing to do the second time");
    const main = fs.readFileSync(path.join(sources, "main.ts"));
    const copy = fs.readFileSync(path.join(cache, strippedName(main)), "utf8");
    assert.equal(copy.length, main.toString().length, "types become spaces");
    assert.equal(copy.split("\n").length, main.toString().split("\n").length);
    assert.doesNotMatch(copy, /: number|type Shown/);

    const before = fs.readdirSync(cache).sort();
    fs.appendFileSync(path.join(sources, "lib/twice.ts"), "export const three: number = 3;\n");
    assert.equal(prepareStrippedSources(sources, cache), 1);
    const afterChange = fs.readdirSync(cache).sort();
    assert.equal(afterChange.length, 2, "the old copy is removed");
    assert.notDeepEqual(afterChange, before);
  });

  test("with the hook, the sources run from the copies and the stripper is never loaded", () => {
    prepareStrippedSources(sources, cache);
    const withHook = run(true);
    assert.equal(withHook.n, 42);
    assert.deepEqual(withHook.loaded, []);
    assert.match(withHook.line, /main\.ts:7:/, "stack traces keep the source's lines");
    const without = run(false);
    assert.equal(without.n, 42);
    assert.ok(without.loaded.length > 0, "without the hook Node loads its stripper");
  });

  test("a source changed since its copy was made is stripped by Node as usual", () => {
    prepareStrippedSources(sources, cache);
    fs.appendFileSync(path.join(sources, "lib/twice.ts"), "export const four: number = 4;\n");
    const result = run(true);
    assert.equal(result.n, 42);
    assert.ok(result.loaded.length > 0, "the changed file went to Node's stripper");
  });
});
