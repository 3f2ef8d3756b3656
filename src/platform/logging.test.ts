// Log lines go straight to a regular file; anything else keeps pino's asynchronous writer.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pino from "pino";
import { fileDestination } from "./logging.ts";

test("a regular file gets every line written at once, in order", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bluelamp-log-"));
  const file = path.join(dir, "out.log");
  const fd = fs.openSync(file, "w");
  try {
    const stream = fileDestination(fd);
    assert.ok(stream);
    const log = pino({ base: null, timestamp: false }, stream);
    for (let i = 0; i < 100; i++) log.info({ i }, "line");
    // No flush and no waiting: each line is already in the file.
    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines.length, 100);
    assert.deepEqual(JSON.parse(lines[99]), { level: 30, i: 99, msg: "line" });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("anything but a regular file (a device, a closed descriptor) keeps the default writer", () => {
  const device = fs.openSync("/dev/null", "w");
  try {
    assert.equal(fileDestination(device), undefined);
  } finally {
    fs.closeSync(device);
  }
  assert.equal(fileDestination(987654), undefined);
});
