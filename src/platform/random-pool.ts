// Secure random bytes for values every response needs (CSP nonces, a first visit's CSRF
// secret), drawn from the system's CSPRNG a block at a time: one call fills 16 KiB, enough
// for hundreds of responses, where a call per value cost a few per cent of a page's CPU.
// Each byte is handed out once; the block is refilled when it runs out.
import { randomFillSync } from "node:crypto";

export class RandomPool {
  private readonly block: Buffer;
  private used: number;

  constructor(blockBytes = 16 * 1024) {
    this.block = Buffer.alloc(blockBytes);
    this.used = blockBytes;
  }

  private take(bytes: number): number {
    if (bytes > this.block.length) throw new Error(`cannot take ${bytes} bytes at once`);
    if (this.used + bytes > this.block.length) {
      randomFillSync(this.block);
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return at;
  }

  /** `bytes` random bytes as hex. */
  hex(bytes: number): string {
    const at = this.take(bytes);
    return this.block.toString("hex", at, at + bytes);
  }

  /** `bytes` random bytes as base64url, without padding. */
  base64url(bytes: number): string {
    const at = this.take(bytes);
    return this.block.toString("base64url", at, at + bytes);
  }
}

/** The process's pool, shared by the security headers and the CSRF protection. */
export const randomPool = new RandomPool();
