// Ids for rows that are read back in the order they were written (audit entries, case
// events): they sort as they were made, which random (version 4) UUIDs do not.
import { randomBytes } from "node:crypto";

let lastMillis = 0;
let sequence = 0;

/**
 * A version 7 UUID (the time in milliseconds, then a counter, then random bits), so ids
 * sort in the order this process made them. Audit entries and case events are read in
 * order of their time, then id, and two in the same millisecond (a view straight after the
 * change that led to it, two changes in quick succession) would otherwise come out in a
 * random order. The counter keeps ids rising within a millisecond; when it runs out the
 * time part moves on by one.
 */
export function timeOrderedId(millis = Date.now()): string {
  if (millis > lastMillis) {
    lastMillis = millis;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMillis++;
    sequence = 0;
  }
  const time = lastMillis.toString(16).padStart(12, "0");
  const random = randomBytes(8);
  random[0] = (random[0] & 0x3f) | 0x80; // the RFC 9562 variant
  const tail = random.toString("hex");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, "0")}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}
