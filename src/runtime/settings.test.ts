import assert from "node:assert/strict";
import { test } from "node:test";
import { environmentWith, flagsToAdd, NODE_ENVIRONMENT, NODE_FLAGS } from "./settings.ts";

test("every runtime flag is added when the operator has set none", () => {
  assert.deepEqual(flagsToAdd([]), [...NODE_FLAGS]);
  assert.deepEqual(flagsToAdd(["--cpu-prof", "--import", "x.ts"]), [...NODE_FLAGS]);
});

test("a flag the operator gave, in either spelling, is theirs to keep", () => {
  assert.deepEqual(flagsToAdd(["--max-semi-space-size=32"]), ["--heap-growing-percent=70"]);
  assert.deepEqual(flagsToAdd(["--max_semi_space_size=32"]), ["--heap-growing-percent=70"]);
  assert.deepEqual(flagsToAdd(["--heap_growing_percent=50"]), ["--max-semi-space-size=4"]);
});

test("the environment gets the settings only where they are not set", () => {
  const added = environmentWith({ PATH: "/bin" });
  assert.equal(added.PATH, "/bin");
  for (const [name, value] of Object.entries(NODE_ENVIRONMENT)) assert.equal(added[name], value);
  assert.equal(environmentWith({ MALLOC_ARENA_MAX: "8" }).MALLOC_ARENA_MAX, "8");
});
