// When to try a failed message again: exponential backoff with "equal jitter". The delay
// doubles with each failed attempt up to a cap, and is then drawn at random from its upper
// half, so a retry never comes at once and many messages that failed together (a mail server
// restart) do not all come back in the same second.

export type Backoff = {
  /** The delay after the first failure, before jitter. */
  baseMillis: number;
  /** The longest delay, before jitter. */
  capMillis: number;
};

export const DEFAULT_BACKOFF: Backoff = { baseMillis: 30_000, capMillis: 60 * 60_000 };

/** The delay before the next try, after `failedAttempts` (1 or more) failed attempts. */
export function retryDelay(
  failedAttempts: number,
  backoff: Backoff = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
  const ceiling = Math.min(backoff.capMillis, backoff.baseMillis * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
