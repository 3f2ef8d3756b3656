// UK time as the public and staff read it, whatever the server's own time zone: today's
// date, "4 December 2026", "4 December 2026 at 10:05am".
//
// Worked out from the UK's summer-time rule rather than with Intl.DateTimeFormat (ADR 18).
// A time-zone formatter makes ICU read its zone and locale data, about 5.5 MiB of the
// node binary that then stays resident in every process, and the forms engine needs
// today's date on every request. The rule has been fixed in law since 1996 (the Summer
// Time Order 2002 keeps it): British Summer Time, GMT+1, from 01:00 GMT on the last Sunday
// in March to 01:00 GMT on the last Sunday in October. Moments before 1996 are asked of
// ICU. uk-time.test.ts compares 1996-2045 with ICU hour by hour around every change and
// every few hours in between, so a change in the law (in the time-zone data of a newer
// Node) shows as a failing test, and this rule must then follow it.

/** The months as written in the UK, January first. */
export const MONTH_NAMES: readonly string[] = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const FIRST_YEAR_OF_THE_RULE = 1996;

/** A UK wall-clock reading: the calendar fields people in the UK would see. */
export type UkWallClock = {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
};

/** 01:00 GMT on the last Sunday of a month (0-based), as milliseconds since the epoch. */
function lastSundayAtOneGmt(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, sunday, 1);
}

// The summer of each year, worked out once: [start, end) in milliseconds.
const summers = new Map<number, readonly [number, number]>();
function summerOf(year: number): readonly [number, number] {
  let summer = summers.get(year);
  if (!summer) {
    summer = [lastSundayAtOneGmt(year, 2), lastSundayAtOneGmt(year, 9)];
    summers.set(year, summer);
  }
  return summer;
}

let icu: Intl.DateTimeFormat | undefined;
/** Minutes ahead of GMT by ICU's data: only for moments the rule does not cover. */
function icuOffsetMinutes(instant: number): number {
  icu ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const parts = icu.formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** Minutes the UK is ahead of GMT at this instant: 60 in summer time, otherwise 0. */
export function ukOffsetMinutes(instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  if (year < FIRST_YEAR_OF_THE_RULE) return icuOffsetMinutes(instant);
  const [start, end] = summerOf(year);
  return instant >= start && instant < end ? 60 : 0;
}

/** The UK calendar and clock at an instant. */
export function ukWallClock(instant: Date | number): UkWallClock {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  const wall = new Date(ms + ukOffsetMinutes(ms) * 60_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** The UK date at an instant as YYYY-MM-DD. */
export function ukIsoDate(instant: Date | number): string {
  const { year, month, day } = ukWallClock(instant);
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}`;
}

/** A wall-clock reading as "4 December 2026". */
export function wallClockDate(clock: UkWallClock): string {
  return `${clock.day} ${MONTH_NAMES[clock.month - 1]} ${clock.year}`;
}

/** A wall-clock reading as "10:05am", "3pm", "12pm" (midday), "12am" (midnight). */
export function wallClockTime(clock: UkWallClock, options: { minutes: "always" | "if-any" }) {
  const hour = clock.hour % 12 === 0 ? 12 : clock.hour % 12;
  const period = clock.hour < 12 ? "am" : "pm";
  const minutes = options.minutes === "if-any" && clock.minute === 0 ? "" : `:${two(clock.minute)}`;
  return `${hour}${minutes}${period}`;
}

/** An ISO timestamp as an instant, or undefined if it is not one. */
function instantOf(iso: string | Date): number | undefined {
  const ms = typeof iso === "string" ? new Date(iso).getTime() : iso.getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** "4 December 2026" in the UK, or "" for something that is not a time. */
export function formatUkDate(iso: string | Date): string {
  const ms = instantOf(iso);
  return ms === undefined ? "" : wallClockDate(ukWallClock(ms));
}

/** GOV.UK style: "4 December 2026 at 10:05am", "at 3pm", "at 12pm" (midday); "" if not a time. */
export function formatUkDateTime(iso: string | Date): string {
  const ms = instantOf(iso);
  if (ms === undefined) return "";
  const clock = ukWallClock(ms);
  return `${wallClockDate(clock)} at ${wallClockTime(clock, { minutes: "if-any" })}`;
}

/** A UK wall-clock time (YYYY-MM-DD, hh:mm) as an instant. */
export function ukLocalToUtc(date: string, time: { hour: number; minute: number }): Date {
  const [y, m, d] = date.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, time.hour, time.minute);
  // The offset at the wall time read as GMT is right except within an hour of a change;
  // asking again at the first answer settles it. A time the clocks skip (01:30 on the
  // spring Sunday) comes out an hour later, as the clocks would show it.
  let instant = wall - ukOffsetMinutes(wall) * 60_000;
  instant = wall - ukOffsetMinutes(instant) * 60_000;
  return new Date(instant);
}
