// The maildrop: without SMTP settings (the demo default), each email is written to
// DATA_DIR/maildrop/ as one .eml file, named by its outbox id, so a newcomer can read what the
// service would have sent and the back office can list it. A file is written to a temporary
// name, flushed, then renamed: a reader never sees half a message, and a second attempt at
// the same message replaces the file instead of adding another.
import fs from "node:fs/promises";
import path from "node:path";

export function maildropDir(dataDir: string): string {
  return path.join(dataDir, "maildrop");
}

const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eml$/;

export async function writeToMaildrop(
  dataDir: string,
  id: string,
  message: Buffer,
): Promise<string> {
  const dir = maildropDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${id}.eml`);
  const temporary = path.join(dir, `.${id}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(temporary, "w", 0o600);
  try {
    await handle.writeFile(message);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return file;
}

export type MaildropEntry = {
  /** The file name inside DATA_DIR/maildrop/. */
  file: string;
  /** The outbox message's id. */
  id: string;
  messageId: string | undefined;
  to: string | undefined;
  subject: string | undefined;
  date: string | undefined;
  sizeBytes: number;
};

/** The emails in the maildrop, newest first (outbox ids sort by time). */
export async function listMaildrop(dataDir: string): Promise<MaildropEntry[]> {
  const dir = maildropDir(dataDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return [];
    throw error;
  }
  const entries: MaildropEntry[] = [];
  for (const name of names
    .filter((n) => FILE_NAME.test(n))
    .sort()
    .reverse()) {
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, name), "utf8");
    } catch {
      continue; // removed while listing
    }
    const headers = parseHeaders(text);
    entries.push({
      file: name,
      id: name.slice(0, -".eml".length),
      messageId: headers.get("message-id"),
      to: headers.get("to"),
      subject: headers.get("subject"),
      date: headers.get("date"),
      sizeBytes: Buffer.byteLength(text),
    });
  }
  return entries;
}

/** One maildrop email as raw text, or undefined when there is no such file. */
export async function readMaildrop(dataDir: string, file: string): Promise<string | undefined> {
  if (!FILE_NAME.test(file)) return undefined;
  try {
    return await fs.readFile(path.join(maildropDir(dataDir), file), "utf8");
  } catch {
    return undefined;
  }
}

/** The header block of a message, unfolded, names lower-cased, encoded words decoded. */
export function parseHeaders(message: string): Map<string, string> {
  const end = message.search(/\r?\n\r?\n/);
  const block = (end === -1 ? message : message.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** RFC 2047: =?charset?B|Q?text?= ; whitespace between two encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(word, (_all, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(Number.parseInt(hex, 16)),
                ),
              "latin1",
            );
      try {
        return new TextDecoder(charset).decode(bytes);
      } catch {
        return bytes.toString("utf8");
      }
    });
}
