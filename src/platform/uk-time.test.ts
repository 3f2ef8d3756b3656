// The summer-time rule against ICU's own Europe/London data (Intl.DateTimeFormat), the way
// the site formatted UK times before it worked them out itself (ADR 18).
import assert from "node:assert/strict";
import test from "node:test";
import {
  formatUkDate,
  formatUkDateTime,
  ukIsoDate,
  ukLocalToUtc,
  ukOffsetMinutes,
  ukWallClock,
  wallClockDate,
  wallClockTime,
} from "./uk-time.ts";

const icuIsoDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const icuDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const icuTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});
const icuClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
});

/** "4 December 2026 at 10:05am" as ICU gives it (the site's formatting before ADR 18). */
function icuDateTime(date: Date): string {
  const parts = Object.fromEntries(icuTime.formatToParts(date).map((p) => [p.type, p.value]));
  const minutes = parts.minute === "00" ? "" : `:${parts.minute}`;
  const period = String(parts.dayPeriod ?? "")
    .toLowerCase()
    .replace(/\./g, "");
  return `${icuDate.format(date)} at ${parts.hour}${minutes}${period}`;
}

function icuOffset(instant: number): number {
  const parts = icuClock.formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

const HOUR = 3_600_000;

/** Every hour within two days of each change from 1996 to 2045, and every 9 h 41 min between. */
function* instants(): Generator<number> {
  for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2046, 0, 1); t += 9 * HOUR + 41 * 60_000) {
    yield t;
  }
  for (let year = 1996; year <= 2045; year++) {
    for (const month of [2, 9]) {
      const lastDay = new Date(Date.UTC(year, month + 1, 0));
      const change = Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
      for (let t = change - 48 * HOUR; t <= change + 48 * HOUR; t += HOUR) {
        yield t - 1;
        yield t;
        yield t + 30 * 60_000;
      }
    }
  }
}

test("the offset, the date and the wall clock agree with ICU from 1996 to 2045", () => {
  let compared = 0;
  for (const t of instants()) {
    const date = new Date(t);
    assert.equal(ukOffsetMinutes(t), icuOffset(t), date.toISOString());
    assert.equal(ukIsoDate(t), icuIsoDate.format(date), date.toISOString());
    assert.equal(formatUkDate(date), icuDate.format(date), date.toISOString());
    assert.equal(formatUkDateTime(date.toISOString()), icuDateTime(date), date.toISOString());
    compared++;
  }
  assert.ok(compared > 50_000, `compared ${compared} moments`);
});

test("summer time starts and ends at 01:00 GMT on the last Sundays of March and October", () => {
  assert.equal(ukOffsetMinutes(Date.parse("2026-03-29T00:59:59.999Z")), 0);
  assert.equal(ukOffsetMinutes(Date.parse("2026-03-29T01:00:00Z")), 60);
  assert.equal(ukOffsetMinutes(Date.parse("2026-10-25T00:59:59.999Z")), 60);
  assert.equal(ukOffsetMinutes(Date.parse("2026-10-25T01:00:00Z")), 0);
  assert.deepEqual(ukWallClock(Date.parse("2026-06-30T23:30:00Z")), {
    year: 2026,
    month: 7,
    day: 1,
    hour: 0,
    minute: 30,
  });
});

test("moments before the rule are asked of ICU", () => {
  // 1995's summer time ended on the fourth Sunday of October (the 22nd), not the last.
  assert.equal(ukOffsetMinutes(Date.parse("1995-10-25T12:00:00Z")), 0);
  assert.equal(ukOffsetMinutes(Date.parse("1995-10-21T12:00:00Z")), 60);
  // 1968-1971: British Standard Time, GMT+1 all year.
  assert.equal(ukOffsetMinutes(Date.parse("1970-01-15T12:00:00Z")), 60);
  assert.equal(formatUkDateTime("1970-01-15T12:00:00Z"), "15 January 1970 at 1pm");
});

test("the words: midday, midnight, minutes only when there are any", () => {
  assert.equal(formatUkDateTime("2026-12-04T12:00:00Z"), "4 December 2026 at 12pm");
  assert.equal(formatUkDateTime("2026-12-04T00:00:00Z"), "4 December 2026 at 12am");
  assert.equal(formatUkDateTime("2026-07-04T09:05:00Z"), "4 July 2026 at 10:05am");
  const clock = ukWallClock(Date.parse("2026-12-04T21:00:00Z"));
  assert.equal(wallClockTime(clock, { minutes: "always" }), "9:00pm");
  assert.equal(wallClockDate(clock), "4 December 2026");
  assert.equal(formatUkDate("not a date"), "");
  assert.equal(formatUkDateTime(""), "");
});

test("a UK wall-clock time becomes the instant ICU's offsets give", () => {
  const reference = (date: string, hour: number, minute: number) => {
    const [y, m, d] = date.split("-").map(Number);
    const wall = Date.UTC(y, m - 1, d, hour, minute);
    let instant = wall - icuOffset(wall) * 60_000;
    instant = wall - icuOffset(instant) * 60_000;
    return new Date(instant).toISOString();
  };
  for (const date of ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-25", "2026-07-01"]) {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = { hour: Math.floor(minutes / 60), minute: minutes % 60 };
      assert.equal(
        ukLocalToUtc(date, time).toISOString(),
        reference(date, time.hour, time.minute),
        `${date} ${time.hour}:${time.minute}`,
      );
    }
  }
  assert.equal(
    ukLocalToUtc("2026-07-01", { hour: 9, minute: 0 }).toISOString(),
    "2026-07-01T08:00:00.000Z",
  );
  assert.equal(
    ukLocalToUtc("2026-12-01", { hour: 9, minute: 0 }).toISOString(),
    "2026-12-01T09:00:00.000Z",
  );
});
