// `npm start` (src/start.ts) replaces itself with the server, started with the runtime
// settings: one process, the same id, which still stops cleanly on SIGTERM.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { NODE_ENVIRONMENT, NODE_FLAGS } from "../../src/runtime/settings.ts";
import { STRIPPED_SOURCES_DIR } from "../../src/runtime/stripped-sources.ts";

const linux = process.platform === "linux";

test("npm start runs the server in the same process with the runtime settings", {
  skip: !linux && "reads /proc",
}, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-start-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    DATA_DIR: dataDir,
    NODE_ENV: "development",
  };
  for (const name of Object.keys(NODE_ENVIRONMENT)) delete env[name];
  const child = spawn(process.execPath, ["src/start.ts"], {
    env: { ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const until = Date.now() + 15_000;
    while (!/Server listening/.test(output) && Date.now() < until) await sleep(50);
    assert.match(output, /Server listening/);
    // The process we started is now the server: its command line and environment say so.
    const commandLine = fs.readFileSync(`/proc/${child.pid}/cmdline`, "utf8").split("\0");
    for (const flag of NODE_FLAGS) assert.ok(commandLine.includes(flag), `${flag} is given`);
    assert.ok(commandLine.some((arg) => arg.endsWith(path.join("src", "server.ts"))));
    // It runs the site's sources from their stripped copies (src/runtime/stripped-sources.ts).
    const hook = commandLine[commandLine.indexOf("--import") + 1] ?? "";
    assert.ok(hook.endsWith("/src/runtime/stripped-sources-hook.js"), "the hook is imported");
    const environment = fs.readFileSync(`/proc/${child.pid}/environ`, "utf8").split("\0");
    for (const [name, value] of Object.entries(NODE_ENVIRONMENT)) {
      assert.ok(environment.includes(`${name}=${value}`), `${name} is set`);
    }
    const copies = environment.find((v) => v.startsWith(`${STRIPPED_SOURCES_DIR}=`));
    assert.ok(copies, "the server is told where the copies are");
    assert.ok(fs.readdirSync(copies.split("=")[1]).length > 100, "every source has its copy");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    assert.match(output, /shutting down/);
  } finally {
    child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
