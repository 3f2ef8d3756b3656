// Dates and times as people in the UK read them, whatever the server's time zone:
// "4 December 2026 at 10:05am" (the GOV.UK style), or just "4 December 2026".

const UK_DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const UK_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

export function ukDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : UK_DATE.format(date);
}

export function ukDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(UK_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  const minutes = parts.minute === "00" ? "" : `:${parts.minute}`;
  const period = String(parts.dayPeriod ?? "")
    .toLowerCase()
    .replace(/\./g, "");
  return `${UK_DATE.format(date)} at ${parts.hour}${minutes}${period}`;
}

/** Paragraphs of a note or message, as typed: one per line, blank lines dropped. */
export function paragraphs(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
