import assert from "node:assert/strict";
import { test } from "node:test";
import { ukLocalToUtc } from "../platform/uk-time.ts";
import {
  checkEditor,
  checkWhen,
  dateFrom,
  editorValues,
  timeFrom,
  utcToUkParts,
} from "./editor-form.ts";

test("dates must be real", () => {
  assert.equal(dateFrom("31", "3", "2027"), "2027-03-31");
  assert.equal(dateFrom("29", "2", "2028"), "2028-02-29");
  assert.equal(dateFrom("29", "2", "2027"), undefined);
  assert.equal(dateFrom("1", "13", "2027"), undefined);
  assert.equal(dateFrom("x", "1", "2027"), undefined);
});

test("times on the 24-hour clock", () => {
  assert.deepEqual(timeFrom("9:30"), { hour: 9, minute: 30 });
  assert.deepEqual(timeFrom("18.05"), { hour: 18, minute: 5 });
  assert.equal(timeFrom("24:00"), undefined);
  assert.equal(timeFrom("9am"), undefined);
});

test("UK times become UTC in winter and in summer, and back again", () => {
  assert.equal(
    ukLocalToUtc("2027-01-15", { hour: 9, minute: 0 }).toISOString(),
    "2027-01-15T09:00:00.000Z",
  );
  assert.equal(
    ukLocalToUtc("2027-07-15", { hour: 9, minute: 0 }).toISOString(),
    "2027-07-15T08:00:00.000Z",
  );
  // The clocks go forward at 1am on 28 March 2027 and back at 2am on 31 October 2027.
  assert.equal(
    ukLocalToUtc("2027-03-28", { hour: 3, minute: 0 }).toISOString(),
    "2027-03-28T02:00:00.000Z",
  );
  assert.equal(
    ukLocalToUtc("2027-03-28", { hour: 0, minute: 30 }).toISOString(),
    "2027-03-28T00:30:00.000Z",
  );
  assert.equal(
    ukLocalToUtc("2027-10-31", { hour: 3, minute: 0 }).toISOString(),
    "2027-10-31T03:00:00.000Z",
  );
  assert.deepEqual(utcToUkParts("2027-07-15T08:00:00.000Z"), {
    day: "15",
    month: "7",
    year: "2027",
    time: "09:00",
  });
});

test("when: now, or a future UK date and time", () => {
  const now = new Date("2027-01-15T12:00:00.000Z");
  assert.deepEqual(checkWhen({ when: "now" }, now).at, undefined);
  assert.equal(checkWhen({ when: "soon" }, now).error?.href, "#when");
  assert.equal(
    checkWhen({ when: "later", day: "15", month: "1", year: "2027", time: "13:00" }, now).at,
    "2027-01-15T13:00:00.000Z",
  );
  assert.equal(
    checkWhen({ when: "later", day: "15", month: "1", year: "2027", time: "11:00" }, now).error
      ?.href,
    "#date",
  );
  assert.equal(
    checkWhen({ when: "later", day: "15", month: "1", year: "2027", time: "noon" }, now).error
      ?.href,
    "#time",
  );
});

test("the editor's form: a slug from the title, and fields only where the type has them", () => {
  const context = { formIds: new Set(["report-a-theft"]), ownerIds: new Set(["o1"]) };
  const values = editorValues({
    title: "Lock Your Bike & Shed!",
    summary: "S",
    body: "Text\r\nmore",
    areaCode: "e05000001",
    formId: "report-a-theft",
  });
  const advice = checkEditor("advice", values, context);
  assert.deepEqual(advice.errors, []);
  assert.equal(advice.fields?.slug, "lock-your-bike-and-shed");
  assert.equal(advice.fields?.body, "Text\nmore\n");
  assert.equal(advice.fields?.areaCode, null);
  assert.equal(advice.fields?.formId, null);
  assert.equal(checkEditor("area-notice", values, context).fields?.areaCode, "E05000001");
  assert.equal(checkEditor("service-start", values, context).fields?.formId, "report-a-theft");
  const missing = checkEditor("service-start", editorValues({}), context);
  assert.deepEqual(
    missing.errors.map((e) => e.href),
    ["#title", "#summary", "#body", "#formId"],
  );
});
