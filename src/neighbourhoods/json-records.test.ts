import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JsonShapeError, jsonArrayElements } from "./json-records.ts";

async function collect(text: string, chunkSize: number) {
  async function* chunks() {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const out: unknown[] = [];
  for await (const value of jsonArrayElements(chunks())) out.push(value);
  return out;
}

describe("reading JSON records one at a time", () => {
  const crimes = [
    { id: 1, location: { street: { name: 'On or near "The {Odd} [Name]"' } }, links: [{ a: 1 }] },
    { id: 2, context: "back\\slash \u00e9", outcome_status: null },
  ];

  test("an array of objects, split into chunks anywhere", async () => {
    const text = JSON.stringify(crimes, null, 2);
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      assert.deepEqual(await collect(text, size), crimes, `chunks of ${size}`);
    }
  });

  test("an object of arrays, keyed by area", async () => {
    const text = JSON.stringify({ E05000026: crimes, E05000027: [], E05000028: [crimes[0]] });
    assert.deepEqual(await collect(text, 5), [...crimes, crimes[0]]);
  });

  test("nested objects inside a record are not records themselves", async () => {
    const out = await collect(JSON.stringify(crimes), 4);
    assert.equal(out.length, 2);
  });

  test("broken JSON is an error that says so", async () => {
    await assert.rejects(collect('[{"id": 1}, {"id": ', 3), JsonShapeError);
    await assert.rejects(collect('[{"id": 1]', 3), JsonShapeError);
  });
});
