// The load process. runner.ts starts it pinned to the load core (taskset) and writes one
// LoadJob as JSON on stdin; it warms the server up, measures, and prints one LoadOutcome
// as JSON on stdout. Server memory and CPU are read here from /proc/<pid>, so the sampling
// happens on the load core and costs the server nothing.
import fs from "node:fs";
import autocannon, { type Request } from "autocannon";
import { busyPercent, readCore, readProcess, TICKS_PER_SECOND } from "./proc.ts";
import type { LoadJob, LoadOutcome } from "./types.ts";

const job = JSON.parse(fs.readFileSync(0, "utf8")) as LoadJob;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(job.base)) throw new Error(`loopback only: ${job.base}`);
if (job.durationSeconds > 60 || job.warmupSeconds > 30 || job.connections > 500) {
  throw new Error("keep runs bounded: at most 60 s measured, 30 s warm-up, 500 connections");
}
if (job.requests.length === 0) throw new Error("no requests to send");

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

/** Connection i sends request i modulo the list, over and over (one session per connection). */
function run(seconds: number) {
  let next = 0;
  return autocannon({
    url: job.base,
    connections: job.connections,
    duration: seconds,
    timeout: job.timeoutSeconds,
    setupClient(client) {
      const request = job.requests[next++ % job.requests.length];
      const one: Request = { method: request.method, path: request.path };
      if (request.headers) one.headers = request.headers;
      if (request.body !== undefined) one.body = request.body;
      client.setRequests([one]);
    },
  });
}

if (job.warmupSeconds > 0) await run(job.warmupSeconds);

const before = readProcess(job.serverPid);
const serverCoreBefore = readCore(job.serverCpu);
const loadCoreBefore = readCore(job.loadCpu);
const startedAt = performance.now();
const loadCpuBefore = process.cpuUsage();
let peakRssKiB = before.rssKiB;
const sampler = setInterval(() => {
  peakRssKiB = Math.max(peakRssKiB, readProcess(job.serverPid).rssKiB);
}, 250);
const result = await run(job.durationSeconds);
clearInterval(sampler);
const after = readProcess(job.serverPid);
const serverCoreBusy = busyPercent(serverCoreBefore, readCore(job.serverCpu));
const loadCoreBusy = busyPercent(loadCoreBefore, readCore(job.loadCpu));
const elapsedSeconds = (performance.now() - startedAt) / 1000;
const loadCpu = process.cpuUsage(loadCpuBefore);
peakRssKiB = Math.max(peakRssKiB, after.rssKiB);

const serverCpuPercent = Math.round(
  ((after.cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / elapsedSeconds) * 100,
);
const loadCpuPercent = Math.round(((loadCpu.user + loadCpu.system) / 1e6 / elapsedSeconds) * 100);

const statusCodes: Record<string, number> = {};
for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const outcome: LoadOutcome = {
  requestsPerSecond: round(result.requests.average),
  requestsPerSecondStddev: round(result.requests.stddev),
  requestsTotal: result.requests.total,
  latencyMs: {
    mean: round(result.latency.mean, 2),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  throughputMiBPerSecond: round(result.throughput.average / 1024 / 1024, 2),
  statusCodes,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  resets: result.resets,
  serverProcess: {
    rssBeforeMiB: mib(before.rssKiB),
    rssEndMiB: mib(after.rssKiB),
    rssPeakSampledMiB: mib(peakRssKiB),
    hwmMiB: mib(after.hwmKiB),
    cpuPercent: serverCpuPercent,
  },
  loadCpuPercent,
  // Whatever else ran on the two cores (other processes, hypervisor steal, and interrupt
  // time not charged to a process): near 0 on a quiet machine.
  otherOnServerCorePercent: Math.max(0, serverCoreBusy - serverCpuPercent),
  otherOnLoadCorePercent: Math.max(0, loadCoreBusy - loadCpuPercent),
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
