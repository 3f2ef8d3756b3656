// The view environment's own filters must give what Nunjucks' built-ins give.
import assert from "node:assert/strict";
import { test } from "node:test";
import nunjucks from "nunjucks";
import { loadConfig } from "../config.ts";
import { createViewEnvironment } from "./views.ts";

test("trim strips exactly what Nunjucks' own trim strips, and keeps markup safe", () => {
  const env = createViewEnvironment(loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp" }));
  const ours = env.getFilter("trim");
  const theirs = new nunjucks.Environment().getFilter("trim");
  assert.notEqual(ours, theirs, "the environment has its own trim");
  const samples = [
    "",
    "plain",
    "  \n\t<p>a   b</p>\n   \n",
    "\u00a0\u2028\ufeff non-breaking and other spaces \u3000\u2003",
    `${" ".repeat(2000)}x${" \n".repeat(2000)}`,
    "\u200b zero width is not a space \u200b",
  ];
  for (const sample of samples) {
    assert.equal(ours(sample), theirs(sample), JSON.stringify(sample.slice(0, 40)));
    const safe = new nunjucks.runtime.SafeString(sample);
    const trimmed = ours(safe);
    assert.ok(trimmed instanceof nunjucks.runtime.SafeString, "still marked safe");
    assert.equal(String(trimmed), String(theirs(safe)));
  }
  assert.equal(
    env.renderString("{{ '  <b>x</b>  ' | trim }}|{{ '  <b>x</b>  ' | safe | trim }}", {}),
    "&lt;b&gt;x&lt;/b&gt;|<b>x</b>",
  );
});
