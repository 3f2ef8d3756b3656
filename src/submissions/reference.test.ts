import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { newReference, parseReference, REFERENCE_ALPHABET } from "./reference.ts";

test("references are short, grouped and use no look-alike characters", () => {
  for (let i = 0; i < 1000; i++) {
    const reference = newReference();
    assert.match(reference, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/);
    assert.doesNotMatch(reference, /[01ILOUV]/);
    assert.equal(parseReference(reference), reference);
  }
});

test("references are not sequential: a thousand are all different", () => {
  const seen = new Set(Array.from({ length: 1000 }, () => newReference()));
  assert.equal(seen.size, 1000);
});

test("typing in any case with spaces still finds the reference", () => {
  const reference = newReference();
  assert.equal(parseReference(` ${reference.toLowerCase().replaceAll("-", " ")} `), reference);
});

test("the check character catches every single-character mistake and every swap of neighbours", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: REFERENCE_ALPHABET.length - 1 }), {
        minLength: 8,
        maxLength: 8,
      }),
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 1, max: REFERENCE_ALPHABET.length - 1 }),
      (digits, position, shift) => {
        let i = 0;
        const reference = newReference(() => digits[i++]);
        const compact = reference.replaceAll("-", "");
        const wrong =
          REFERENCE_ALPHABET[
            (REFERENCE_ALPHABET.indexOf(compact[position]) + shift) % REFERENCE_ALPHABET.length
          ];
        const typo = compact.slice(0, position) + wrong + compact.slice(position + 1);
        assert.equal(parseReference(typo), undefined);
        if (position < 8 && compact[position] !== compact[position + 1]) {
          const swapped =
            compact.slice(0, position) +
            compact[position + 1] +
            compact[position] +
            compact.slice(position + 2);
          assert.equal(parseReference(swapped), undefined);
        }
      },
    ),
  );
});

test("malformed references are refused", () => {
  for (const input of ["", "ABC", "K7M2-Q9TX-44", "K7M2-Q9TX-O", "1111-1111-1"]) {
    assert.equal(parseReference(input), undefined);
  }
});
