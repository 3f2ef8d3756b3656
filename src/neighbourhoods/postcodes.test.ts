import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readPostcode } from "./postcodes.ts";

describe("reading what someone typed as a postcode", () => {
  test("full postcodes, however they are spaced or cased", () => {
    for (const typed of ["SW1A 1AA", "sw1a1aa", "  Sw1A   1aA ", "SW1A1AA", "SW1A-1AA"]) {
      assert.deepEqual(readPostcode(typed), {
        kind: "full",
        postcode: "SW1A 1AA",
        outcode: "SW1A",
      });
    }
    assert.deepEqual(readPostcode("n1c 4ag"), {
      kind: "full",
      postcode: "N1C 4AG",
      outcode: "N1C",
    });
    assert.deepEqual(readPostcode("E1 6AN"), { kind: "full", postcode: "E1 6AN", outcode: "E1" });
  });

  test("only the first half, or part of the second", () => {
    assert.deepEqual(readPostcode("NW1"), { kind: "outward", outcode: "NW1" });
    assert.deepEqual(readPostcode("sw1a"), { kind: "outward", outcode: "SW1A" });
    assert.deepEqual(readPostcode("SW1A 1"), { kind: "partial", outcode: "SW1A" });
    assert.deepEqual(readPostcode("NW1 7A"), { kind: "partial", outcode: "NW1" });
  });

  test("attempts that are not postcodes are malformed, not place names", () => {
    for (const typed of ["SW1A 1AAA", "12345", "1AA SW1", "SW1A 11A", "N1#"]) {
      assert.deepEqual(readPostcode(typed), { kind: "malformed" }, typed);
    }
  });

  test("words are place names", () => {
    for (const typed of ["Camden Town", "bow", "St. James's", "Hackney Wick", ""]) {
      assert.deepEqual(readPostcode(typed), { kind: "not-a-postcode" }, typed);
    }
  });
});
