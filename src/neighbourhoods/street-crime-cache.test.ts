// The ready-made JSON of a month of crimes: any choice of crimes comes out as the same JSON
// array that joining each crime's own JSON would give, whatever the characters in it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { crimesJson, firstAtOrAbove, monthOfCrimes, SpareBuffers } from "./street-crime-cache.ts";

const streets = [
  "On or near Cheapside",
  "On or near Rue de l'Église",
  "On or near Ŵelsh Street 🚲",
  "",
];
const crimes = Array.from({ length: 40 }, (_, i) => {
  const latitude = 51.5 + i / 1000;
  return {
    latitude,
    longitude: -0.09 + (i % 7) / 1000,
    category: i % 3 === 0 ? "burglary" : "shoplifting",
    json: JSON.stringify({ id: i, street: streets[i % streets.length], latitude }),
  };
});
const month = monthOfCrimes(crimes);
const expected = (chosen: number[]) => `[${chosen.map((i) => crimes[i].json).join(",")}]`;

describe("a month of street crimes as ready-made JSON", () => {
  test("any choice of crimes is the JSON array of those crimes, in order", () => {
    const choices = [
      [],
      [0],
      [39],
      [0, 1, 2, 3],
      [5, 7, 8, 9, 20, 39],
      Array.from({ length: 40 }, (_, i) => i),
      Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 !== 1),
    ];
    for (const chosen of choices) {
      const bytes = crimesJson(month, chosen);
      assert.equal(bytes.toString("utf8"), expected(chosen), String(chosen));
      assert.deepEqual(
        JSON.parse(bytes.toString("utf8")),
        chosen.map((i) => JSON.parse(crimes[i].json)),
      );
    }
  });

  test("the latitudes stay in order for the band search", () => {
    assert.equal(firstAtOrAbove(month.latitude, 51.5105), 11);
    assert.equal(firstAtOrAbove(month.latitude, 0), 0);
    assert.equal(firstAtOrAbove(month.latitude, 90), 40);
  });
});

describe("spare buffers for answers", () => {
  test("a buffer is used again only once its answer is sent; big answers get their own", () => {
    const spares = new SpareBuffers(1024, 2, 0);
    const first = crimesJson(month, [1, 2, 3], (size) => spares.take(size));
    const second = crimesJson(month, [4], (size) => spares.take(size));
    assert.notEqual(first.buffer, second.buffer, "two answers in flight never share");
    assert.equal(first.toString(), expected([1, 2, 3]));
    spares.sent(first);
    const third = crimesJson(month, [5, 6], (size) => spares.take(size));
    assert.equal(third.buffer, first.buffer, "the sent one is used again");
    assert.equal(third.toString(), expected([5, 6]));
    assert.equal(second.toString(), expected([4]));
    const big = spares.take(4096);
    assert.equal(big.length, 4096);
    spares.sent(big);
    assert.notEqual(spares.take(10).buffer, big.buffer);
  });

  test("small answers get a buffer of their own, exactly their size, and are not kept", () => {
    const spares = new SpareBuffers(1024 * 1024, 2);
    const empty = crimesJson(month, [], (size) => spares.take(size));
    assert.equal(empty.toString(), "[]");
    assert.equal(empty.buffer.byteLength, 2, "no megabyte for an empty answer");
    const few = crimesJson(month, [1, 2], (size) => spares.take(size));
    assert.equal(few.buffer.byteLength, few.length);
    spares.sent(empty);
    spares.sent(few);
    const large = spares.take(100 * 1024);
    assert.equal(large.buffer.byteLength, 1024 * 1024, "big enough answers still use a spare");
    spares.sent(large);
    assert.equal(spares.take(200 * 1024).buffer, large.buffer);
  });
});
