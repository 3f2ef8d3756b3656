// Counts attempts per key (a client's address, a reference, a case) in fixed windows, so
// that guessing someone's details is slow whoever and wherever the guesser is.
//
// The counts live in this process's memory, like the site-wide POST limit: with several web
// processes each keeps its own, so the effective limit is multiplied by their number. That
// is still far below what guessing a reference and its email or tracking code would need.

export type LimitCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Window = { count: number; resetAt: number };

export class AttemptLimiter {
  readonly max: number;
  readonly windowMillis: number;
  readonly maxKeys: number;
  readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(options: {
    max: number;
    windowMillis: number;
    /** Keys kept at most; the oldest are forgotten first, so memory stays bounded. */
    maxKeys?: number;
    now?: () => number;
  }) {
    this.max = options.max;
    this.windowMillis = options.windowMillis;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one attempt for the key and says whether it may go ahead. */
  hit(key: string): LimitCheck {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      this.makeRoom(now);
      window = { count: 0, resetAt: now + this.windowMillis };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((window.resetAt - now) / 1000) };
  }

  /** How many keys are being counted (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full: forget the oldest windows (a Map iterates in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
