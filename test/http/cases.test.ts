// A submission becomes a case in the right team's queue, in the same transaction.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hashTrackingCode } from "../../src/cases/create.ts";
import type { AreaLookup } from "../../src/cases/facts.ts";
import { buildTestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { anonymousPhoneTheft, completeJourney, phoneTheftWithEmail } from "../helpers/journey.ts";

/** A small real lookup: two postcodes and the wards and boroughs they lie in. */
const areaLookup: AreaLookup = async (postcode) =>
  ({
    "NW1 7AB": {
      borough: "E09000007",
      boroughName: "Camden",
      neighbourhood: "E05013660",
      neighbourhoodName: "Regent's Park",
    },
    "E1 6AN": {
      borough: "E09000030",
      boroughName: "Tower Hamlets",
      neighbourhood: "E05009333",
      neighbourhoodName: "Spitalfields & Banglatown",
    },
  })[postcode];

for (const dialect of testDialects()) {
  describe(`cases (${dialect})`, () => {
    test("an anonymous theft becomes a new case for the triage desk with a tracking code", async () => {
      const now = new Date("2026-12-04T10:00:00Z");
      const t = await buildTestApp(dialect, {}, { now: () => now });
      try {
        const { reference, trackingCode } = await completeJourney(
          t.app,
          "report-a-theft",
          anonymousPhoneTheft,
        );
        assert.match(trackingCode ?? "", /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
        const db = t.database.handle.db;
        const row = await db
          .selectFrom("cases")
          .selectAll()
          .where("reference", "=", reference)
          .executeTakeFirstOrThrow();
        assert.equal(row.team_id, "online-crime-triage");
        assert.equal(row.status, "new");
        assert.equal(row.form_id, "report-a-theft");
        assert.equal(row.reporter_email, null);
        assert.equal(row.tracking_code_hash, hashTrackingCode(trackingCode!));
        assert.equal(row.due_at, "2026-12-06T10:00:00.000Z", "48 hours: the triage desk's target");
        const events = await db
          .selectFrom("case_events")
          .selectAll()
          .where("case_id", "=", row.id)
          .execute();
        assert.deepEqual(
          events.map((e) => [e.kind, e.visibility]),
          [["created", "public"]],
        );
      } finally {
        await t.close();
      }
    });

    test("a reporter who gives an email gets no tracking code, and the email is on the case", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference, trackingCode } = await completeJourney(
          t.app,
          "report-a-theft",
          phoneTheftWithEmail,
        );
        assert.equal(trackingCode, undefined);
        const row = await t.database.handle.db
          .selectFrom("cases")
          .selectAll()
          .where("reference", "=", reference)
          .executeTakeFirstOrThrow();
        assert.equal(row.reporter_email, "sam.taylor@example.com");
        assert.equal(row.tracking_code_hash, null);

        // In the same transaction: an acknowledgement to the reporter and an alert to the team.
        const messages = await t.database.handle.db
          .selectFrom("outbox")
          .selectAll()
          .where("case_id", "=", row.id)
          .orderBy("recipient")
          .execute();
        assert.deepEqual(
          messages.map((m) => [m.channel, m.recipient, m.status]),
          [
            ["email", "online-triage@bluelamp.example", "pending"],
            ["email", "sam.taylor@example.com", "pending"],
          ],
        );
        const [alert, acknowledgement] = messages;
        assert.match(alert.body, new RegExp(`/staff/cases/${row.id}`));
        for (const secret of ["black phone", "Sam", "Taylor", "sam.taylor", "NW1"]) {
          assert.ok(
            !alert.body.includes(secret) && !String(alert.subject).includes(secret),
            `the team alert never carries "${secret}"`,
          );
        }
        assert.match(acknowledgement.body, new RegExp(reference));
        assert.match(acknowledgement.body, /What happens next/);
        assert.ok(
          !acknowledgement.body.includes("black phone"),
          "the acknowledgement does not repeat the report",
        );
      } finally {
        await t.close();
      }
    });

    test("shoplifting goes to the neighbourhood team of the shop's borough, and elsewhere to triage", async () => {
      const t = await buildTestApp(dialect, {}, { areaLookup });
      try {
        const shop = {
          ...anonymousPhoneTheft,
          "how-stolen": { "how-stolen": "shop" },
          "shop-name": { "shop-name": "Corner Shop" },
          "shop-address": {
            "shop-address-line-1": "1 High Street",
            "shop-address-line-2": "",
            "shop-address-town": "London",
            "shop-address-postcode": "NW1 7AB",
          },
          "shop-goods": { "shop-goods": "Two bottles of wine" },
        };
        const inCamden = await completeJourney(t.app, "report-a-theft", shop);
        const db = t.database.handle.db;
        const camden = await db
          .selectFrom("cases")
          .select("team_id")
          .where("reference", "=", inCamden.reference)
          .executeTakeFirstOrThrow();
        assert.equal(camden.team_id, "camden-neighbourhood");

        const unknownPlace = await completeJourney(t.app, "report-a-theft", {
          ...shop,
          "shop-address": { ...shop["shop-address"], "shop-address-postcode": "SW1A 1AA" },
        });
        const fallback = await db
          .selectFrom("cases")
          .select("team_id")
          .where("reference", "=", unknownPlace.reference)
          .executeTakeFirstOrThrow();
        assert.equal(
          fallback.team_id,
          "online-crime-triage",
          "no area known: the next rule applies",
        );
      } finally {
        await t.close();
      }
    });

    test("a submission and its case commit together: one of each however often it is sent", async () => {
      const t = await buildTestApp(dialect);
      try {
        const { reference } = await completeJourney(t.app, "report-a-theft", anonymousPhoneTheft, {
          submitTimes: 5,
        });
        const db = t.database.handle.db;
        const submissions = await db.selectFrom("submissions").select("reference").execute();
        const cases = await db.selectFrom("cases").select("reference").execute();
        assert.equal(submissions.length, 1);
        assert.deepEqual(cases, submissions);
        assert.equal(cases[0].reference, reference);
      } finally {
        await t.close();
      }
    });
  });
}
