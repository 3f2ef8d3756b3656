// A whole page kept as bytes, for pages that are the same for everyone who sees them except
// for values each response must have its own: the CSP nonce and, on a page with a form, the
// CSRF token; and, on a page that shows the person something of their own (check your
// answers' rows), that markup. The page is rendered once with a stand-in for each, and a
// view is a copy of those bytes with this response's values written over the stand-ins.
// Copies are used again once sent, so a view of a page seen before allocates and copies
// almost nothing (a page with personal markup is always written afresh): a few
// microseconds against a render's tens or hundreds, and no garbage for the collector, whose
// pauses set the slowest responses under load (docs/adr/0014-area-page-cache.md for the area
// pages, docs/adr/0016-question-page-cache.md for the forms' question pages, and
// docs/adr/0019-check-answers-page.md for check your answers).
import { randomBytes } from "node:crypto";

/** The values a view of a page writes in. */
export type PageValues = {
  nonce: string;
  csrfToken?: string;
  /** Markup made for the person asking (any text, any length), where the page has its slot. */
  personal?: string;
};
type Slot = keyof PageValues;

// The nonce and token are ASCII; the personal markup may hold any character anyone typed.
const ENCODING: Readonly<Record<Slot, BufferEncoding>> = {
  nonce: "latin1",
  csrfToken: "latin1",
  personal: "utf8",
};

/**
 * Stand in for the values while a page is rendered, then mark where to put the real ones.
 * Random per process, so no text on a page (a team's description, a form's hint) can contain
 * them; as long as the real values (a nonce is 16 bytes in hex, a CSRF token 36 characters of
 * base64url), so a page's length is the same with either.
 */
export const STAND_IN: Readonly<Record<Slot, string>> = {
  nonce: randomBytes(16).toString("hex"),
  csrfToken: randomBytes(18).toString("hex"),
  personal: randomBytes(18).toString("hex"),
};

/** Copies waiting to be used again, across all pages: a bound on the memory they take. */
const SPARE_BYTES_KEPT = 32 * 1024 * 1024;
let spareBytes = 0;
/** Spare copies kept per page: as many views of one page as are usually in flight at once. */
const SPARES_PER_PAGE = 8;

export class CachedPage {
  /** The page with the stand-ins, never sent itself. */
  readonly #bytes: Buffer;
  /** Where each stand-in is, in page order. */
  readonly #slots: Array<{ at: number; slot: Slot }> = [];
  readonly #spares: Buffer[] = [];
  /** The copies view() made of the page's bytes: the only ones worth keeping as spares. */
  readonly #copies = new WeakSet<Buffer>();
  #dropped = false;
  /** Whether the page has a form, that is a place for a CSRF token. */
  readonly hasCsrfToken: boolean;
  /** Whether the page has a place for markup made for the person asking. */
  readonly hasPersonalSlot: boolean;

  constructor(html: string) {
    this.#bytes = Buffer.from(html);
    for (const slot of Object.keys(STAND_IN) as Slot[]) {
      const standIn = Buffer.from(STAND_IN[slot]);
      for (
        let at = this.#bytes.indexOf(standIn);
        at >= 0;
        at = this.#bytes.indexOf(standIn, at + standIn.length)
      ) {
        this.#slots.push({ at, slot });
      }
    }
    this.#slots.sort((a, b) => a.at - b.at);
    this.hasCsrfToken = this.#slots.some(({ slot }) => slot === "csrfToken");
    this.hasPersonalSlot = this.#slots.some(({ slot }) => slot === "personal");
  }

  get length(): number {
    return this.#bytes.length;
  }

  /**
   * The page with these values, to send. Give it back with `sent` once the response has
   * been handed to the operating system (the response's "finish"), and not before: until
   * then it may still be being written. The nonce and token are ASCII (hex, base64url).
   */
  view(values: PageValues): Buffer {
    for (const { slot } of this.#slots) {
      if (slot === "personal" || values[slot]?.length !== STAND_IN[slot].length) {
        return this.#spliced(values);
      }
    }
    let out = this.#spares.pop();
    if (out) spareBytes -= out.length;
    else {
      out = Buffer.from(this.#bytes);
      this.#copies.add(out);
    }
    for (const { at, slot } of this.#slots) out.write(values[slot] as string, at, "latin1");
    return out;
  }

  /** A copy from view(), sent: kept for another view if there is room. */
  sent(copy: Buffer): void {
    if (this.#dropped || !this.#copies.has(copy)) return;
    if (this.#spares.length >= SPARES_PER_PAGE || spareBytes + copy.length > SPARE_BYTES_KEPT) {
      return;
    }
    spareBytes += copy.length;
    this.#spares.push(copy);
  }

  /** Dropped from its cache: its spare copies go to the garbage collector. */
  dropped(): void {
    this.#dropped = true;
    for (const copy of this.#spares) spareBytes -= copy.length;
    this.#spares.length = 0;
  }

  /**
   * For a value of another length (always, with personal markup): the bytes around the
   * stand-ins and the values, written once into a buffer of the right size.
   */
  #spliced(values: PageValues): Buffer {
    let length = this.#bytes.length;
    for (const { slot } of this.#slots) {
      length += Buffer.byteLength(values[slot] ?? "", ENCODING[slot]) - STAND_IN[slot].length;
    }
    const out = Buffer.allocUnsafe(length);
    let from = 0;
    let to = 0;
    for (const { at, slot } of this.#slots) {
      to += this.#bytes.copy(out, to, from, at);
      to += out.write(values[slot] ?? "", to, ENCODING[slot]);
      from = at + STAND_IN[slot].length;
    }
    this.#bytes.copy(out, to, from);
    return out;
  }
}
