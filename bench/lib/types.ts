// The shapes shared by the runner, the load process and the suites.

/** One HTTP request as the load generator sends it. */
export type LoadRequest = {
  method: "GET" | "POST";
  /** Path and query, e.g. "/contact". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

/** What runner.ts asks of load.ts (JSON on stdin). */
export type LoadJob = {
  base: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  timeoutSeconds: number;
  /** Connection i sends requests[i % length] again and again. */
  requests: LoadRequest[];
  /** The server's process id, for /proc readings. */
  serverPid: number;
  /** The cores the server and this process are pinned to, for /proc/stat readings. */
  serverCpu: number;
  loadCpu: number;
};

/** What load.ts answers (JSON on stdout). Latencies in milliseconds. */
export type LoadOutcome = {
  requestsPerSecond: number;
  requestsPerSecondStddev: number;
  requestsTotal: number;
  latencyMs: { mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number };
  throughputMiBPerSecond: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  serverProcess: {
    /** VmRSS before the measured run (after warm-up), at its end, and the largest sample. */
    rssBeforeMiB: number;
    rssEndMiB: number;
    rssPeakSampledMiB: number;
    /** VmHWM at the end: the process's peak resident set since it started. */
    hwmMiB: number;
    /** Server CPU time (all threads) during the measured run, as % of one core. */
    cpuPercent: number;
  };
  /** The load process's own CPU use, as % of one core: near 100 means the load generator is the limit. */
  loadCpuPercent: number;
  /** Busy time on each core not spent by the server or the load process, in % of the core. */
  otherOnServerCorePercent: number;
  otherOnLoadCorePercent: number;
};

/** A server to measure. It is started fresh for every scenario, pinned to the server core. */
export type ServerSpec = {
  /** Short name used in results, e.g. "bluelamp-sqlite". */
  name: string;
  /** A few words for the results table. */
  description: string;
  /** The program and its arguments; run as `taskset -c <cpu> ...command`. */
  command: string[];
  cwd: string;
  /** The server's whole environment (PATH and HOME are added); gets the port chosen for it. */
  env: (port: number) => Record<string, string>;
  /** A path that answers 200 once the server takes requests. */
  readyPath: string;
};

export type Scenario = {
  /** e.g. "home". */
  name: string;
  server: ServerSpec;
  /** The request every connection sends (unless prepare gives one per connection). */
  request: LoadRequest;
  /** Checked on one request before the load starts; anything else in the run counts as unexpected. */
  expect: { status: number; location?: string; contains?: string };
  /**
   * Untimed set-up before the load, against the fresh server: e.g. one session per
   * connection with its cookie and CSRF token. Returns the requests connections send.
   */
  prepare?: (base: string, connections: number) => Promise<LoadRequest[]>;
};

export type Settings = {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  timeoutSeconds: number;
  serverCpu: number;
  loadCpu: number;
  /** Before each scenario, wait up to this long for both cores to be nearly idle. */
  quietWaitSeconds: number;
  /** Measure a contended row again up to this many times; keep the least disturbed try. */
  contendedRetries: number;
};

export type ScenarioResult = {
  scenario: string;
  server: string;
  serverDescription: string;
  request: string;
  /** Body size and content type of the checked response. */
  responseBytes: number;
  contentType: string;
  startupMs: number;
  /** Responses whose status was not the expected one, plus errors and timeouts. */
  unexpected: number;
  /** Server log lines written during the whole life of the server, and how many were warn or worse. */
  serverLogLines: number;
  serverLogWarnings: number;
  /** Whether the server stopped by itself on SIGTERM (graceful shutdown) within 5 s. */
  stoppedGracefully: boolean;
  /** How busy the two cores were (in %) in the second before the server started, and how long we waited for that. */
  before: { serverCore: number; loadCore: number; waitedSeconds: number };
  /** How many times the row was measured (more than 1 when BENCH_RETRY_CONTENDED retried it). */
  tries: number;
} & LoadOutcome;

export type Machine = {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  fastify: string;
  autocannon: string;
  /** The commit the servers ran, and whether from the working tree or a clean export (BENCH_REF). */
  commit: string;
  source: string;
  /** Working-tree runs: files outside bench/ that differed from that commit when the run started. */
  uncommittedFiles: number;
};

export type SuiteResult = {
  suite: string;
  startedAt: string;
  elapsedSeconds: number;
  machine: Machine;
  settings: Settings;
  notes: string[];
  results: ScenarioResult[];
};
