// Where a report happened, for routing: the person's own location answer wins, even when
// the postcode data cannot place it; the area of the link they started from is used only
// when they said nothing of where, and the facts say which.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Answers, DONT_KNOW, type FormDefinition } from "../forms/engine/index.ts";
import { type Area, deriveFacts, usesStartedFromArea } from "./facts.ts";

const form = { location: ["where-postcode", "where-address"] } as unknown as FormDefinition;
const camdenTown: Area = {
  borough: "E09000007",
  boroughName: "Camden",
  neighbourhood: "E05013655",
  neighbourhoodName: "Camden Town",
};
const westminster: Area = { borough: "E09000033", boroughName: "Westminster" };
const lookup = async (postcode: string) => (postcode === "SW1A 1AA" ? westminster : undefined);

describe("where it happened", () => {
  it("is the area of a postcode the data places, and says it came from the answers", async () => {
    assert.deepEqual(
      await deriveFacts(form, { "where-postcode": "SW1A 1AA" }, lookup, camdenTown),
      { borough: "E09000033", "borough-name": "Westminster", "area-source": "answers" },
    );
  });

  it("is unknown, not the link's area, when the postcode or address cannot be placed", async () => {
    const cases: Answers[] = [
      { "where-postcode": "ZE1 0AA" },
      { "where-address": { line1: "1 High Street", town: "Lerwick", postcode: "ZE1 0AA" } },
      { "where-address": { line1: "1 High Street", town: "Lerwick", postcode: "" } },
    ];
    for (const answers of cases) {
      assert.deepEqual(await deriveFacts(form, answers, lookup, camdenTown), {});
      assert.equal(usesStartedFromArea(form, answers, camdenTown), false);
    }
  });

  it("is the link's area only when no location question was answered, and says so", async () => {
    const cases: Answers[] = [
      {},
      { "where-postcode": null },
      { "where-postcode": DONT_KNOW },
      { "where-description": "By the lock" },
    ];
    for (const answers of cases) {
      assert.deepEqual(await deriveFacts(form, answers, lookup, camdenTown), {
        borough: "E09000007",
        "borough-name": "Camden",
        neighbourhood: "E05013655",
        "neighbourhood-name": "Camden Town",
        "area-source": "link",
      });
    }
    assert.deepEqual(await deriveFacts(form, {}, lookup, undefined), {});
    assert.equal(usesStartedFromArea(form, {}, undefined), false);
  });
});
