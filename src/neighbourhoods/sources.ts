// Opens a data file as a stream of text, gzipped or not (told by its first bytes, not its
// name), and says which of the formats we import it is in, from its first few hundred bytes.
import fs from "node:fs";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

export type SourceFormat =
  /** police.uk monthly street-level CSV (…-street.csv). */
  | "street-csv"
  /** police.uk API JSON: an array of crimes, or an object of such arrays. */
  | "api-json"
  /** The Met's ward-level recorded crime counts (London Datastore). */
  | "recorded-csv"
  /** ONS / Code-Point Open postcode list with latitude and longitude. */
  | "postcodes-csv"
  /** Populations of neighbourhoods or boroughs (docs/populations-format.md). */
  | "populations-csv";

export class SourceError extends Error {}

/** The file's text, decompressed if it is gzip. */
export async function openText(file: string): Promise<Readable> {
  const handle = await fs.promises.open(file, "r");
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzipped ? raw.pipe(zlib.createGunzip()) : raw;
  if (gzipped) raw.on("error", (error) => stream.destroy(error));
  stream.setEncoding("utf8");
  return stream;
}

/** Reads the start of the text to tell the format. */
export async function detectFormat(file: string): Promise<SourceFormat> {
  const stream = await openText(file);
  let head = "";
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      head += chunk;
      if (head.length > 2048) break;
    }
  } finally {
    stream.destroy();
  }
  return formatOf(head, file);
}

export function formatOf(head: string, file = "the file"): SourceFormat {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("[") || text.startsWith("{")) return "api-json";
  const header = text.split(/\r?\n/, 1)[0].toLowerCase();
  if (header.includes("crime id") && header.includes("crime type")) return "street-csv";
  if (header.startsWith("majortext") && header.includes("wardcode")) return "recorded-csv";
  if (header.startsWith("postcode") && header.includes("latitude")) return "postcodes-csv";
  if (header.startsWith("area_code") && header.includes("population")) return "populations-csv";
  throw new SourceError(
    `${file} is not a format we can import: expected a police.uk street-level CSV, police.uk API JSON, the Met's ward-level crime CSV, a postcode CSV or a population CSV (area_code,population,year,source)`,
  );
}

/** A Readable of strings, for code that wants the chunks one by one. */
export function textChunks(stream: Readable): AsyncIterable<string> {
  return stream as AsyncIterable<string>;
}
