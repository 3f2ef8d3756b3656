import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("development defaults need nothing set", () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.databaseUrl, undefined);
  assert.match(config.dataDir, /data$/);
  assert.equal(config.brand.forceName, "Bluelamp Police");
});

test("production refuses to start without its required settings and names them", () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: "production" }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /SESSION_SECRET/.test(error.message) &&
      /PUBLIC_URL/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) }),
    /without PUBLIC_URL/,
  );
  assert.throws(
    () =>
      loadConfig({
        NODE_ENV: "production",
        SESSION_SECRET: "short",
        PUBLIC_URL: "https://a.example",
      }),
    /at least 32 characters/,
  );
  const ok = loadConfig({
    NODE_ENV: "production",
    SESSION_SECRET: "x".repeat(40),
    PUBLIC_URL: "https://a.example",
  });
  assert.equal(ok.host, "0.0.0.0");
});

test("bad values are refused with the setting's name", () => {
  assert.throws(() => loadConfig({ PORT: "eighty" }), /PORT must be a whole number/);
  assert.throws(() => loadConfig({ BRAND_COLOUR: "blue" }), /BRAND_COLOUR/);
  assert.throws(() => loadConfig({ BRAND_COLOUR: "#ffdd00" }), /too light for white text/);
  assert.equal(loadConfig({ BRAND_COLOUR: "#7a1f5c" }).brand.colour, "#7a1f5c");
  assert.throws(
    () => loadConfig({ LOGO_URL: "https://cdn.example/logo.png" }),
    /LOGO_URL must be a path/,
  );
  assert.throws(() => loadConfig({ DATABASE_URL: "mysql://x" }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ NODE_ENV: "staging" }), /NODE_ENV/);
});

test("the README documents every setting the configuration reads", async () => {
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(new URL("./config.ts", import.meta.url), "utf8");
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const names = new Set([
    ...[...source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
    ...[...source.matchAll(/\(env, "([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]),
    ...[...source.matchAll(/required\("([A-Z][A-Z0-9_]+)"\)/g)].map((m) => m[1]),
  ]);
  assert.ok(names.size > 10);
  const missing = [...names].filter((name) => !readme.includes(`| \`${name}\` |`));
  assert.deepEqual(missing, [], "settings missing from the README's table");
});
