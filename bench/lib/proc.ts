// Readings from Linux's /proc: a process's memory and CPU time, and each core's busy time.
// Used to report server memory and to tell a clean run from one that shared its cores
// with something else (on a shared machine, tests and browsers may be running too).
import fs from "node:fs";

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export type ProcessReading = { rssKiB: number; hwmKiB: number; cpuTicks: number };

export function readProcess(pid: number): ProcessReading {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) cover every thread of the process.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    rssKiB: field("VmRSS"),
    hwmKiB: field("VmHWM"),
    cpuTicks: Number(afterName[11]) + Number(afterName[12]),
  };
}

/** Busy and total ticks of one core; busy includes time stolen by the hypervisor. */
export type CoreReading = { busy: number; total: number };

export function readCore(cpu: number): CoreReading {
  const line = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`cpu${cpu} `));
  if (!line) throw new Error(`no cpu${cpu} in /proc/stat`);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Percent of the core busy between two readings. */
export function busyPercent(before: CoreReading, after: CoreReading): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 100) : 0;
}
