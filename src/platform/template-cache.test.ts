// Reusing imported macros must not change what a page says, only how often Nunjucks reads
// and runs the macro files behind it.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import nunjucks from "nunjucks";
import { loadConfig } from "../config.ts";
import { cacheTemplateImports } from "./template-cache.ts";
import { createViewEnvironment } from "./views.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-templates-"));
const files: Record<string, string> = {
  // Like govuk-frontend: the macro includes its template, which imports a sub-component.
  // ran() counts how often a macro file itself is run.
  "a/macro.njk": `{{ ran("a") }}{% macro shout(params) %}{%- include "./template.njk" -%}{% endmacro %}`,
  "a/template.njk": `{% from "../b/macro.njk" import whisper %}<a>{{ params.text | upper }}{{ whisper(params) }}</a>`,
  "b/macro.njk": `{{ ran("b") }}{% macro whisper(params) %}{%- include "./template.njk" -%}{% endmacro %}`,
  // The same relative name from another folder must still find that folder's file.
  "b/template.njk": `<b>{{ params.text | lower }}</b>`,
  "page.njk": `{% from "a/macro.njk" import shout %}{% for t in texts %}{{ shout({ text: t }) }}{% endfor %}`,
  "with-context.njk": `{% from "context-macro.njk" import greet with context %}{{ greet() }}`,
  "context-macro.njk": `{% macro greet() %}Hello {{ name }}{% endmacro %}`,
};
for (const [name, source] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), source);
}
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An environment that counts how often each file's source is read and its exports run. */
function countingEnvironment(cached: boolean) {
  const loader = new nunjucks.FileSystemLoader(dir);
  const env = new nunjucks.Environment(loader, { autoescape: true });
  const runs: Record<string, number> = {};
  env.addGlobal("ran", (name: string) => {
    runs[name] = (runs[name] ?? 0) + 1;
    return "";
  });
  const resolves = { count: 0 };
  const resolve = loader.resolve.bind(loader);
  loader.resolve = (from: string, to: string) => {
    resolves.count++;
    return resolve(from, to);
  };
  if (cached) cacheTemplateImports(env);
  return { env, resolves, runs };
}

describe("reusing imported macros", () => {
  test("renders the same as plain Nunjucks, render after render", () => {
    const plain = countingEnvironment(false);
    const cached = countingEnvironment(true);
    for (const texts of [["One", "Two"], ["Three"], []]) {
      const expected = plain.env.render("page.njk", { texts });
      assert.equal(cached.env.render("page.njk", { texts }), expected);
    }
    assert.equal(cached.env.render("page.njk", { texts: ["Mixed"] }), "<a>MIXED<b>mixed</b></a>");
  });

  test("resolves each relative name once, not on every render", () => {
    const plain = countingEnvironment(false);
    const cached = countingEnvironment(true);
    for (let i = 0; i < 5; i++) {
      plain.env.render("page.njk", { texts: ["x", "y"] });
      cached.env.render("page.njk", { texts: ["x", "y"] });
    }
    // Three relative names (a's include, a's import, b's include), each resolved only on
    // its first look-up (twice then: Nunjucks' cache, then the file).
    assert.equal(cached.resolves.count, 6);
    assert.ok(plain.resolves.count >= 30, `plain Nunjucks resolved ${plain.resolves.count} times`);
  });

  test("runs a macro file once for all renders", () => {
    const plain = countingEnvironment(false);
    const cached = countingEnvironment(true);
    for (let i = 0; i < 4; i++) {
      plain.env.render("page.njk", { texts: ["a", "b", "c"] });
      cached.env.render("page.njk", { texts: ["a", "b", "c"] });
    }
    assert.deepEqual(cached.runs, { a: 1, b: 1 });
    // Without the cache: a per page, b per call of a's macro.
    assert.deepEqual(plain.runs, { a: 4, b: 12 });
  });

  test("an import with context still sees each caller's variables", () => {
    const { env } = countingEnvironment(true);
    assert.equal(env.render("with-context.njk", { name: "Sam" }), "Hello Sam");
    assert.equal(env.render("with-context.njk", { name: "Ali" }), "Hello Ali");
  });

  test("a missing template is still an error, and is found once it exists", () => {
    const { env } = countingEnvironment(true);
    assert.throws(() => env.render("later.njk", {}), /template not found/);
    fs.writeFileSync(path.join(dir, "later.njk"), "here now");
    assert.equal(env.render("later.njk", {}), "here now");
  });

  test("development reads templates afresh, so edits show without a restart", () => {
    const env = createViewEnvironment(loadConfig({ NODE_ENV: "development" }));
    // Only the production and test environments get the cache.
    assert.equal(
      (env as unknown as { getTemplate: unknown }).getTemplate,
      nunjucks.Environment.prototype.getTemplate,
    );
    const production = createViewEnvironment(loadConfig({ NODE_ENV: "test", DATA_DIR: dir }));
    assert.notEqual(
      (production as unknown as { getTemplate: unknown }).getTemplate,
      nunjucks.Environment.prototype.getTemplate,
    );
  });
});
