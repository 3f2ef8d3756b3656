import assert from "node:assert/strict";
import { test } from "node:test";
import { formatUkDate, formatUkDateTime } from "../platform/uk-time.ts";
import { publicTimeline } from "./timeline.ts";

test("dates and times read as the UK reads them, in UK time", () => {
  assert.equal(formatUkDateTime("2026-12-04T10:05:00Z"), "4 December 2026 at 10:05am");
  assert.equal(formatUkDateTime("2026-07-01T14:00:00Z"), "1 July 2026 at 3pm", "summer time");
  assert.equal(formatUkDateTime("2026-12-04T12:00:00Z"), "4 December 2026 at 12pm");
  assert.equal(formatUkDateTime("2026-12-04T00:30:00Z"), "4 December 2026 at 12:30am");
  assert.equal(formatUkDate("2026-06-30T23:30:00Z"), "1 July 2026");
  assert.equal(formatUkDateTime("not a date"), "");
});

const event = (id: string, at: string, kind: string, data: unknown = {}) => ({
  id,
  at,
  kind,
  data: JSON.stringify(data),
});

test("each public event in plain English, oldest first, police messages signed by the team", () => {
  const teams: Record<string, string> = { roads: "Roads policing unit" };
  const items = publicTimeline(
    [
      event("5", "2026-12-05T09:00:00Z", "message-in", { text: "Thanks.\r\n\r\nSee you" }),
      event("1", "2026-12-04T10:00:00Z", "created", { team: "triage", facts: { borough: "x" } }),
      event("3", "2026-12-04T12:00:00Z", "message-out", { text: "Any CCTV?", team: "roads" }),
      event("2", "2026-12-04T11:00:00Z", "status", { from: "new", to: "triaged" }),
      event("4", "2026-12-04T13:00:00Z", "message", { text: "Hello" }),
      event("6", "2026-12-06T09:00:00Z", "status-changed", {
        to: "closed",
        outcome: "no-further-action",
      }),
      event("7", "2026-12-07T09:00:00Z", "status", { from: "closed", to: "in-progress" }),
      event("8", "2026-12-08T09:00:00Z", "something-new", { secret: "not shown" }),
      event("9", "2026-12-08T10:00:00Z", "status", { to: "nonsense" }),
    ],
    { teamName: (id) => teams[id], fallbackTeam: "Online crime reporting triage desk" },
  );
  assert.deepEqual(
    items.map((i) => [i.title, i.from, i.paragraphs]),
    [
      ["We received your report", undefined, undefined],
      ["We have read your report and decided what to do next", undefined, undefined],
      ["Message from us", "Roads policing unit", ["Any CCTV?"]],
      ["Message from us", "Online crime reporting triage desk", ["Hello"]],
      ["Your message", "You", ["Thanks.", "See you"]],
      ["We have finished working on your report", undefined, ["Outcome: No further action"]],
      ["We reopened your report", undefined, undefined],
      ["We updated your report", undefined, undefined],
      ["We updated your report", undefined, undefined],
    ],
  );
  assert.doesNotMatch(JSON.stringify(items), /not shown|borough/);
});

test("data that cannot be read does not break the page", () => {
  const items = publicTimeline(
    [{ id: "1", at: "2026-12-04T10:00:00Z", kind: "message-out", data: "{oops" }],
    { teamName: () => undefined, fallbackTeam: "Police" },
  );
  assert.deepEqual(items[0].paragraphs, []);
  assert.equal(items[0].from, "Police");
});
