// `npm test`: every check a change must pass, in the order that fails fastest. Each step is
// a child process on this same Node 24; the run stops at the first failing step.
// Set TEST_DATABASE_URL to test PostgreSQL somewhere other than 127.0.0.1:5432/test.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const node = process.execPath;
const steps: Array<[string, string[]]> = [
  ["type check", [node, "node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]],
  ["lint", [node, "node_modules/@biomejs/biome/bin/biome", "lint", "."]],
];
if (fs.existsSync("src/forms/checker/cli.ts")) {
  steps.push(["form definitions", [node, "src/forms/checker/cli.ts"]]);
}
steps.push(
  [
    "unit and HTTP tests (SQLite and PostgreSQL)",
    [
      node,
      "--test",
      "--test-concurrency=1",
      "src/**/*.test.ts",
      "test/http/**/*.test.ts",
      "test/journeys/**/*.test.ts",
    ],
  ],
  [
    "browser tests (Chromium, axe)",
    [node, "--test", "--test-concurrency=1", "test/browser/**/*.test.ts"],
  ],
);

const only = process.argv.slice(2);
for (const [name, [command, ...args]] of steps) {
  if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "test" },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds}s)`);
}
