// Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`) of a server under load:
// where its CPU time went, by package or source folder and by function (self time).
// `BENCH_CPU_PROF=<dir> npm run bench -- forms` writes one profile per Bluelamp row there;
// then: node bench/forms-profile.ts <dir or files...> [--top 25] [--last 10]
import fs from "node:fs";
import path from "node:path";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

const args = process.argv.slice(2);
const topIndex = args.indexOf("--top");
const top = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25;
// --last <seconds>: only the samples of the profile's last seconds. A profile covers the
// server's whole life (start-up, the untimed preparation, warm-up); the measured load is its
// end, just before the SIGTERM.
const lastIndex = args.indexOf("--last");
const last = lastIndex >= 0 ? Number(args.splice(lastIndex, 2)[1]) : Number.POSITIVE_INFINITY;
const files = args.flatMap((arg) =>
  fs.statSync(arg).isDirectory()
    ? fs
        .readdirSync(arg)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(arg, f))
    : [arg],
);
if (files.length === 0) {
  console.error("usage: node bench/forms-profile.ts <dir or .cpuprofile files> [--top N]");
  process.exit(2);
}

/** Where a function lives: a package, a folder of the app, Node itself, or V8's own work. */
function area(url: string, name: string): string {
  if (!url) {
    if (name === "(garbage collector)") return "(gc)";
    if (name === "(idle)") return "(idle)";
    if (name === "(program)") return "(program: native, not JS)";
    return "(native)";
  }
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node:internals";
  const src = url.indexOf("/src/");
  if (src >= 0)
    return url
      .slice(src + 1)
      .split("/")
      .slice(0, 2)
      .join("/");
  return url.replace(/^file:\/\//, "");
}

for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  let at = profile.startTime;
  const from = profile.endTime - last * 1e6;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from) return;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = area(url, functionName);
    areas.set(where, (areas.get(where) ?? 0) + micros);
    const key = `${functionName || "(anonymous)"} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ""} [${where}]`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
  }
  // Inclusive: a sample counts once for every area on its stack (a template render that
  // calls into the escaper counts for both nunjucks and the escaper's package).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      if (functionName === "(root)") continue;
      seen.add(area(url, functionName));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
  const idle = areas.get("(idle)") ?? 0;
  const busy = total - idle;
  const pct = (n: number) => `${((n / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(
    `\n## ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${((idle / total) * 100).toFixed(0)} % idle; shares below are of the busy time`,
  );
  console.log("\nby area (self time):");
  for (const [name, micros] of [...areas]
    .filter(([n]) => n !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`  ${pct(micros)}  ${name}`);
  }
  console.log("\nby area (inclusive: the area is anywhere on the stack):");
  for (const [name, micros] of [...inclusive]
    .filter(([n]) => n !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`  ${pct(micros)}  ${name}`);
  }
  console.log("\nby function (self time):");
  for (const [name, micros] of [...functions]
    .filter(([n]) => !n.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`  ${pct(micros)}  ${name}`);
  }
}
