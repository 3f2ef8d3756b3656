// How the Node process of the site is started: V8 flags and C library settings that bound
// its memory. They take effect only when given at start, so `npm start` (src/start.ts) and
// the benchmarks both start the server through launchWith() below, and this list is the one
// place they are set. Why each one: docs/adr/0012-runtime-memory.md.

/** Node and V8 flags, as on the command line. */
export const NODE_FLAGS: readonly string[] = [
  // The young generation: V8 grows each of its two halves to 64 MB on a large machine, and
  // scavenging that much at once is what set the long GET tails in the forms benchmark. At
  // 8 MB the tails were short; since pages are kept as bytes (ADR 16, ADR 19) a request
  // allocates a tenth of what it did, and 4 MB costs no throughput we could measure while
  // taking 8-14 MiB off the peak (2026-12-05).
  "--max-semi-space-size=4",
  // The old generation: V8 lets it grow to up to 4× what the last full collection kept
  // before collecting again. Under the forms load almost everything promoted is already
  // garbage (about 28 MB stays live), so it swelled to 140-160 MB between collections and
  // set the peak RSS. At 2× it collected three times as often, which took the peak from
  // 272-285 to 213-220 MiB (2026-12-04); at 1.7× with the smaller young generation the
  // forms peaks fell from 145-154 to 126-136 MiB with no CPU per request we could tell from
  // the run-to-run noise (at 1.5×, before pages were kept, it cost 12-27 % more CPU).
  "--heap-growing-percent=70",
];

/** Environment read by the C library when the process starts. */
export const NODE_ENVIRONMENT: Readonly<Record<string, string>> = {
  // glibc gives each thread that allocates its own 64 MB arena; V8's background threads
  // (GC, compiler) each made one. Two arenas are enough for one event loop and its helpers.
  MALLOC_ARENA_MAX: "2",
};

/** The name of a flag: "--max-semi-space-size" for "--max-semi-space-size=8". */
function flagName(flag: string): string {
  return flag.split("=")[0].replace(/_/g, "-");
}

/**
 * The flags to add to a process started with `given` (its own execArgv and NODE_OPTIONS):
 * one the operator already set is theirs to keep.
 */
export function flagsToAdd(given: readonly string[]): string[] {
  const set = new Set(given.filter((arg) => arg.startsWith("--")).map(flagName));
  return NODE_FLAGS.filter((flag) => !set.has(flagName(flag)));
}

/** The environment with the settings added where the operator has not set them. */
export function environmentWith(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [name, value] of Object.entries(NODE_ENVIRONMENT)) out[name] ??= value;
  return out;
}
