// Text of notes and messages as staff and the public typed it. Dates and times are in
// src/platform/uk-time.ts.

/** Paragraphs of a note or message, as typed: one per line, blank lines dropped. */
export function paragraphs(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
