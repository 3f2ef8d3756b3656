// Numbers as GOV.UK writes them: "12,345", a comma between each group of three digits.
//
// Written out rather than with toLocaleString("en-GB"): that makes ICU load its number
// formatting data, about 6 MiB of the node binary that then stays resident in every process
// (the same reason as ADR 18 for dates), and check your answers formats an amount of money
// on every view. numbers.test.ts compares this with toLocaleString("en-GB").

/** 12345 → "12,345"; -1234.5 → "-1,234.5". Fractions are kept as JavaScript writes them. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const text = String(Math.abs(n));
  // Exponent notation (1e21 and up, or tiny fractions) is left as it is.
  if (text.includes("e")) return String(n);
  const point = text.indexOf(".");
  const whole = point === -1 ? text : text.slice(0, point);
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return `${n < 0 ? "-" : ""}${grouped}${point === -1 ? "" : text.slice(point)}`;
}
