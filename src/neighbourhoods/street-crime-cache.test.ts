// The ready-made JSON of a month of crimes: any choice of crimes comes out as the same JSON
// array that joining each crime's own JSON would give, whatever the characters in it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { crimesJson, firstAtOrAbove, monthOfCrimes } from "./street-crime-cache.ts";

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
