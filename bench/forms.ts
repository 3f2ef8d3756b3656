// The forms benchmark (issue 3): Bluelamp's report-a-theft journey side by side, in the same
// run, with DEFRA's forms engine (`@defra/forms-engine-plugin` 4.0.44, the peer) serving its
// own 7-page report-a-theft form. Five scenarios, the peer's own (../shared/peer-bench):
// a question page with a fresh visitor, the first answer POSTed, a branching answer POSTed
// in a session with earlier pages answered, a later question page in an answered session,
// and check your answers in a fully answered session. Each on a fresh server, pinned to the
// server core, with the load on the other core. See "The forms suite" in bench/README.md.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { bluelampServer } from "./lib/bluelamp.ts";
import { benchDir, repoRoot, type Suite, scratchDir } from "./lib/runner.ts";
import type { LoadRequest, Scenario, ServerSpec, SuiteResult } from "./lib/types.ts";

// ---- The two forms, in the peer's answers.json shape ------------------------------------

/** A form's URLs, field names and answers (the shape of the peer's answers.json). */
type FormSpec = {
  slug: string;
  csrfField: string;
  summaryPath: string;
  pages: Array<{ path: string; form: Record<string, string>; hurtOnly?: boolean }>;
};

/**
 * Which page each scenario uses on one engine, and how many pages of the journey are
 * answered (in order) before the load starts.
 */
type Plan = {
  spec: FormSpec;
  getFresh: { page: string; contains: string };
  postFirst: { page: string; answered: number; location: string };
  postBranch: { page: string; answered: number; location: string };
  getSession: { page: string; answered: number; contains: string };
  getSummary: { answered: number; contains: string };
};

const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const FORM = "application/x-www-form-urlencoded";

// ---- The peer: installed on demand in a scratch folder, never into the app ----------------

const peerSource = process.env.BENCH_PEER_SOURCE || path.resolve(repoRoot, "../shared/peer-bench");
const peerDir = process.env.BENCH_PEER_DIR || path.join(benchDir, ".scratch/peer");
/** The peer runs on the machine's own Node (20), as its README measured it; not the app's 24. */
const peerNode = process.env.BENCH_PEER_NODE || "/usr/bin/node";

/**
 * Copies the peer's bench scripts to <peerDir>/bench and its pinned package.json to
 * <peerDir>, and runs `npm install` there if the pinned engine is not installed yet (about a
 * minute and a half, once). bench/.scratch/ is gitignored.
 */
function ensurePeer(): { version: string; node: string } {
  if (!fs.existsSync(path.join(peerSource, "server.mjs"))) {
    throw new Error(`no peer bench at ${peerSource} (set BENCH_PEER_SOURCE)`);
  }
  const scripts = path.join(peerDir, "bench");
  fs.rmSync(scripts, { recursive: true, force: true });
  fs.mkdirSync(scripts, { recursive: true });
  for (const file of fs.readdirSync(peerSource)) {
    const from = path.join(peerSource, file);
    if (fs.statSync(from).isFile())
      fs.writeFileSync(path.join(scripts, file), fs.readFileSync(from));
  }
  const manifest = fs.readFileSync(path.join(peerSource, "package.json"));
  const pinned = (JSON.parse(manifest.toString()) as { dependencies: Record<string, string> })
    .dependencies["@defra/forms-engine-plugin"];
  const installedFile = path.join(peerDir, "node_modules/@defra/forms-engine-plugin/package.json");
  const installed = () =>
    fs.existsSync(installedFile) ? readJson<{ version: string }>(installedFile).version : "";
  if (installed() !== pinned || !fs.existsSync(path.join(peerDir, "node_modules/autocannon"))) {
    fs.writeFileSync(path.join(peerDir, "package.json"), manifest);
    console.log(`bench forms: installing the peer (${pinned}) in ${peerDir}, about 90 s, once`);
    const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: peerDir,
      stdio: "inherit",
      timeout: 300_000,
    });
    if (npm.status !== 0 || installed() !== pinned) {
      throw new Error(`npm install of the peer in ${peerDir} failed (${npm.status ?? npm.signal})`);
    }
  }
  const node = execFileSync(peerNode, ["--version"], { encoding: "utf8" }).trim();
  return { version: installed(), node };
}

// ---- Sessions, prepared before the load (untimed) -----------------------------------------

function cookieJar() {
  const jar = new Map<string, string>();
  return {
    store(response: Response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(";");
        const i = pair.indexOf("=");
        jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    get: (name: string) => jar.get(name),
  };
}

/** The CSRF token: the page's hidden input, else (the peer's crumb) a cookie of that name. */
function csrfFrom(spec: FormSpec, html: string, jar: ReturnType<typeof cookieJar>) {
  const f = spec.csrfField;
  const m = new RegExp(`name="${f}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${f}"`).exec(
    html,
  );
  return m ? (m[1] ?? m[2]) : jar.get(f);
}

const formBody = (spec: FormSpec, form: Record<string, string>, token: string | undefined) => {
  const body = new URLSearchParams(form);
  if (token !== undefined) body.set(spec.csrfField, token);
  return body.toString();
};

/**
 * One person's session: GET the first page (cookies, CSRF token), then GET and POST the
 * first `answered` pages in order, as a browser would; then, for a POST scenario, GET the
 * page to be POSTed for a current token.
 */
async function session(base: string, spec: FormSpec, answered: number, postPage?: string) {
  const jar = cookieJar();
  const get = async (page: string) => {
    const response = await fetch(base + spec.slug + page, {
      headers: { cookie: jar.header() },
      redirect: "manual",
    });
    const html = await response.text();
    jar.store(response);
    if (response.status !== 200)
      throw new Error(`prepare: GET ${page} answered ${response.status}`);
    return html;
  };
  let token = csrfFrom(spec, await get(spec.pages[0].path), jar);
  for (const [i, { path: page, form }] of spec.pages.slice(0, answered).entries()) {
    if (i > 0) token = csrfFrom(spec, await get(page), jar) ?? token;
    const response = await fetch(base + spec.slug + page, {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": FORM },
      body: formBody(spec, form, token),
      redirect: "manual",
    });
    await response.arrayBuffer();
    jar.store(response);
    if (response.status !== 303 && response.status !== 302) {
      throw new Error(`prepare: POST ${page} answered ${response.status}`);
    }
  }
  if (postPage) token = csrfFrom(spec, await get(postPage), jar) ?? token;
  return { cookie: jar.header(), token };
}

const prepareGet =
  (spec: FormSpec, page: string, answered: number) =>
  async (base: string, connections: number): Promise<LoadRequest[]> =>
    Promise.all(
      Array.from({ length: connections }, async () => ({
        method: "GET" as const,
        path: spec.slug + page,
        headers: { cookie: (await session(base, spec, answered)).cookie },
      })),
    );

const preparePost =
  (spec: FormSpec, page: string, answered: number) =>
  async (base: string, connections: number): Promise<LoadRequest[]> => {
    const form = spec.pages.find((p) => p.path === page && !p.hurtOnly)?.form;
    if (!form) throw new Error(`no answer for ${page}`);
    return Promise.all(
      Array.from({ length: connections }, async () => {
        const { cookie, token } = await session(base, spec, answered, page);
        return {
          method: "POST" as const,
          path: spec.slug + page,
          headers: { cookie, "content-type": FORM },
          body: formBody(spec, form, token),
        };
      }),
    );
  };

function scenarios(plan: Plan, server: ServerSpec): Record<string, Scenario> {
  const { spec } = plan;
  const get = (page: string): LoadRequest => ({ method: "GET", path: spec.slug + page });
  const post = (page: string): LoadRequest => ({ method: "POST", path: spec.slug + page });
  return {
    "get-fresh": {
      name: "get-fresh",
      server,
      request: get(plan.getFresh.page),
      expect: { status: 200, contains: plan.getFresh.contains },
    },
    "post-first": {
      name: "post-first",
      server,
      request: post(plan.postFirst.page),
      expect: { status: 303, location: plan.postFirst.location },
      prepare: preparePost(spec, plan.postFirst.page, plan.postFirst.answered),
    },
    "post-branch": {
      name: "post-branch",
      server,
      request: post(plan.postBranch.page),
      expect: { status: 303, location: plan.postBranch.location },
      prepare: preparePost(spec, plan.postBranch.page, plan.postBranch.answered),
    },
    "get-session": {
      name: "get-session",
      server,
      request: get(plan.getSession.page),
      expect: { status: 200, contains: plan.getSession.contains },
      prepare: prepareGet(spec, plan.getSession.page, plan.getSession.answered),
    },
    "get-summary": {
      name: "get-summary",
      server,
      request: get(spec.summaryPath),
      expect: { status: 200, contains: plan.getSummary.contains },
      prepare: prepareGet(spec, spec.summaryPath, plan.getSummary.answered),
    },
  };
}

// ---- The scenario mapping ------------------------------------------------------------------

/** The peer's plan, exactly as its load.mjs builds it from its answers.json. */
function peerPlan(spec: FormSpec): Plan {
  const pages = spec.pages.filter((p) => !p.hurtOnly);
  const branch = pages.findIndex((p) => "formHurt" in p);
  const next = (i: number) => spec.slug + (pages[i + 1]?.path ?? spec.summaryPath);
  const last = pages.length - 1;
  return {
    spec: { ...spec, pages },
    getFresh: { page: pages[0].path, contains: 'name="crumb"' },
    postFirst: { page: pages[0].path, answered: 0, location: next(0) },
    postBranch: { page: pages[branch].path, answered: branch, location: next(branch) },
    getSession: { page: pages[last].path, answered: last, contains: "Your contact details" },
    getSummary: { answered: pages.length, contains: pages[last].form.email },
  };
}

/**
 * Bluelamp's report-a-theft, mapped onto the peer's scenarios page for page (its journey is
 * longer: 16 questions to the peer's 6 pages, so its answered sessions and its check your
 * answers carry more):
 * - get-fresh: the first question page, no cookies (the peer's too).
 * - post-first: the first question answered again. Bluelamp starts a session on the first
 *   valid answer (a GET starts none), so that answer is given once in the preparation and
 *   the load re-stores it in the same session; the peer's session starts on its first GET.
 * - post-branch: a yes/no question whose answer picks the next page ("Did you see the person
 *   who took it?", as the peer's "Was anyone hurt?"), with every earlier page answered.
 * - get-session: the last question page, every earlier page answered.
 * - get-summary: check your answers, every page answered.
 */
function bluelampPlan(spec: FormSpec): Plan {
  const index = (page: string) => {
    const i = spec.pages.findIndex((p) => p.path === page);
    if (i < 0) throw new Error(`bench/forms-answers.json has no ${page}`);
    return i;
  };
  const next = (page: string) => spec.slug + (spec.pages[index(page) + 1]?.path ?? "");
  return {
    spec,
    getFresh: { page: "/emergency", contains: "Is anyone in danger" },
    postFirst: { page: "/emergency", answered: 1, location: next("/emergency") },
    postBranch: {
      page: "/saw-suspect",
      answered: index("/saw-suspect"),
      location: next("/saw-suspect"),
    },
    getSession: {
      page: "/your-email",
      answered: index("/your-email"),
      contains: "What is your email address?",
    },
    getSummary: { answered: spec.pages.length, contains: "alex@example.com" },
  };
}

// ---- Servers -------------------------------------------------------------------------------

const peerPassword = randomBytes(32).toString("base64url");

function bluelamp(
  name: string,
  description: string,
  options: { logLevel: string; databaseUrl?: string; nodeFlags?: string[] },
): ServerSpec {
  return bluelampServer({
    name,
    description,
    nodeFlags: options.nodeFlags,
    env: () => ({
      DATA_DIR: fs.mkdtempSync(path.join(scratchDir(), "data-")),
      LOG_LEVEL: options.logLevel,
      // One client (127.0.0.1) sends thousands of POSTs a second here; at the default 60 a
      // minute the POST rows would measure the rate limiter's 429s. The limiter still runs.
      POST_RATE_LIMIT: "1000000",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    }),
  });
}

function peer(name: string, description: string, logEnabled: boolean): ServerSpec {
  return {
    name,
    description,
    command: [peerNode, "bench/server.mjs"],
    cwd: peerDir,
    // As the peer's run-all.sh sets it (production: template cache, CSRF enforced).
    env: (port) => ({
      NODE_ENV: "production",
      ENVIRONMENT: "perf-test",
      SESSION_COOKIE_PASSWORD: peerPassword,
      SESSION_STORE: "memory",
      LOG_ENABLED: String(logEnabled),
      PORT: String(port),
    }),
    readyPath: "/__bench/stats",
  };
}

// ---- The suite -----------------------------------------------------------------------------

const DEFAULT_SERVERS = "peer,sqlite,postgres";
const serverNames = (process.env.BENCH_FORMS_SERVERS || DEFAULT_SERVERS).split(",");
const ALL_SCENARIOS = ["get-fresh", "post-first", "post-branch", "get-session", "get-summary"];
const scenarioNames = (process.env.BENCH_FORMS_SCENARIOS || ALL_SCENARIOS.join(",")).split(",");
for (const name of scenarioNames) {
  if (!ALL_SCENARIOS.includes(name)) throw new Error(`unknown forms scenario ${name}`);
}
const known = [
  "peer",
  "peer-logoff",
  "sqlite",
  "sqlite-warn",
  "sqlite-flags",
  "postgres",
  "postgres-flags",
];
for (const name of serverNames) {
  if (!known.includes(name)) throw new Error(`BENCH_FORMS_SERVERS: ${name} is not one of ${known}`);
}

const notes: string[] = [
  "Scenarios (the peer's own, from ../shared/peer-bench/load.mjs): **get-fresh** the first question page with no cookies; **post-first** the first page's answer POSTed again and again in one session per connection (with its CSRF token), 303 to the next page; **post-branch** a yes/no answer that picks the next page, POSTed in sessions with every earlier page answered; **get-session** the last question page in a session with every earlier page answered; **get-summary** check your answers in a fully answered session. 50 sessions, one per connection, made before the load (untimed) by walking the journey with GET and POST.",
  "Page mapping, peer → Bluelamp (`bench/forms-answers.json`): get-fresh `/what-was-stolen` (radios, 5) → `/emergency` (yes/no); post-first `/what-was-stolen` → `/emergency`; post-branch `/was-anyone-hurt` after 4 answered pages → `/saw-suspect` after 9; get-session `/your-contact-details` after 5 → `/your-email` after 15; get-summary 6 answered pages (9 rows) → 16 answered questions (16 rows). Bluelamp's journey is the real service and longer, so its answered-session rows carry more answers than the peer's.",
  "Not identical work: a fresh GET makes the peer create a session (yar, an iron-sealed cookie and a reference number) and a CSRF cookie; Bluelamp starts no session on a GET (the first valid answer does) and only sets its CSRF secret cookie. For post-first, Bluelamp's session is made by answering the first page once while preparing; the load re-stores that answer (load session, validate, save session in the database, 303).",
  "Bluelamp: `npm start` (src/server.ts on the project's Node 24) in production with a fresh DATA_DIR, LOG_LEVEL=info (its default: a JSON line per request and response, to a file) to match the peer's logging-on configuration, and **POST_RATE_LIMIT=1000000**: the default 60 POSTs a minute per client would turn the POST rows into 429s (the limiter still runs on every POST). The outbox worker runs in the process, as by default.",
  "The peer: DEFRA's own dev server (`createServer()`: hapi, yar sessions in memory, crumb CSRF, nunjucks with govuk-frontend, hapi-pino ECS request logging) via the peer bench's server.mjs, NODE_ENV=production, ENVIRONMENT=perf-test, SESSION_STORE=memory, installed in bench/.scratch/peer (gitignored; never in the app) and run on the machine's Node (see the versions below), as its README's primary configuration.",
  "One measured run per row, on a fresh server; rows of one scenario run back to back (peer first). On this shared 2-vCPU VM repeated runs differ by 10-20 % (the peer's README measured up to 35 % on single 10 s runs): read smaller differences as noise.",
  "The peer's log-warning count includes its own `[bench] listening …` line on stderr (not JSON); Bluelamp's PostgreSQL rows can log a few `driver has already been destroyed` errors at shutdown (see bench/forms.md).",
  "p97.5 and p99 come from autocannon's histogram (1 ms resolution). Unexpected = responses with another status than expected, plus socket errors and timeouts. RSS end is VmRSS after the measured run; peak is VmHWM since the server started (warm-up and preparation included).",
];

let postgresUrl: string | undefined;
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = `forms_bench_${randomBytes(4).toString("hex")}`;

async function dropSchema() {
  if (!postgresUrl) return;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end().catch(() => {});
  }
}

const servers: Record<string, { spec: ServerSpec; plan: () => Plan }> = {};
const bluelampSpec = () => readJson<FormSpec>(path.join(benchDir, "forms-answers.json"));

if (serverNames.some((n) => n.startsWith("peer"))) {
  const { version, node } = ensurePeer();
  const peerSpec = () => readJson<FormSpec>(path.join(peerDir, "bench/answers.json"));
  notes.push(`The peer: @defra/forms-engine-plugin ${version} on Node ${node} (${peerNode}).`);
  servers.peer = {
    spec: peer(
      "defra-peer",
      "DEFRA forms engine 4.0.44, memory sessions, request logging on",
      true,
    ),
    plan: () => peerPlan(peerSpec()),
  };
  servers["peer-logoff"] = {
    spec: peer("defra-peer-logoff", "the same with request logging off (LOG_ENABLED=false)", false),
    plan: () => peerPlan(peerSpec()),
  };
}
servers.sqlite = {
  spec: bluelamp("bluelamp-sqlite", "`npm start` in production, SQLite, LOG_LEVEL=info", {
    logLevel: "info",
  }),
  plan: () => bluelampPlan(bluelampSpec()),
};
servers["sqlite-warn"] = {
  spec: bluelamp("bluelamp-sqlite-warn", "the same with LOG_LEVEL=warn (no request lines)", {
    logLevel: "warn",
  }),
  plan: () => bluelampPlan(bluelampSpec()),
};
// What-if: the plain SQLite server with more Node or V8 flags (BENCH_NODE_FLAGS, split on
// spaces), to measure a runtime setting side by side with the row without it.
const extraFlags = (process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
servers["sqlite-flags"] = {
  spec: bluelamp(
    "bluelamp-sqlite-flags",
    `what-if: the same as bluelamp-sqlite with \`${extraFlags.join(" ")}\` (BENCH_NODE_FLAGS)`,
    { logLevel: "info", nodeFlags: extraFlags },
  ),
  plan: () => bluelampPlan(bluelampSpec()),
};

// PostgreSQL: a fresh schema in the test database (the app migrates the connection's current
// schema, which search_path in DATABASE_URL names), dropped at the end.
if (serverNames.some((n) => n.startsWith("postgres"))) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`create schema ${schema}`);
    const url = new URL(adminUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    postgresUrl = url.toString();
    const version = (await client.query("show server_version")).rows[0].server_version;
    notes.push(
      `PostgreSQL ${version} on this machine over TCP loopback, not pinned (it shares both cores with the rest), in a fresh schema \`${schema}\` of \`${url.pathname.slice(1)}\` (search_path in DATABASE_URL), dropped after the run. Its backends run on whichever core is free, mostly the load core, so their CPU shows as "other CPU" and can mark a PostgreSQL row contended by its own database.`,
    );
    servers.postgres = {
      spec: bluelamp("bluelamp-postgres", "`npm start` in production, PostgreSQL, LOG_LEVEL=info", {
        logLevel: "info",
        databaseUrl: postgresUrl,
      }),
      plan: () => bluelampPlan(bluelampSpec()),
    };
    servers["postgres-flags"] = {
      spec: bluelamp(
        "bluelamp-postgres-flags",
        `what-if: the same as bluelamp-postgres with \`${extraFlags.join(" ")}\` (BENCH_NODE_FLAGS)`,
        { logLevel: "info", databaseUrl: postgresUrl, nodeFlags: extraFlags },
      ),
      plan: () => bluelampPlan(bluelampSpec()),
    };
  } catch (error) {
    notes.push(
      `PostgreSQL rows skipped: ${adminUrl.replace(/\/\/[^@]*@/, "//")} could not be used (${(error as Error).message}).`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

// BENCH_CPU_PROF=<dir>: every server also writes a V8 CPU profile of its whole life there,
// <server>-<scenario>.cpuprofile, when it stops (see forms-profile.ts).
const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : "";
function profiled(spec: ServerSpec, scenario: string): ServerSpec {
  if (!profileDir) return spec;
  fs.mkdirSync(profileDir, { recursive: true });
  const [node, ...rest] = spec.command;
  const flags = [
    "--cpu-prof",
    `--cpu-prof-dir=${profileDir}`,
    `--cpu-prof-name=${spec.name}-${scenario}.cpuprofile`,
  ];
  return { ...spec, command: [node, ...flags, ...rest] };
}

// Row order: scenario by scenario, every server in turn, so that drift on the machine falls
// on all of them alike.
const list: Scenario[] = [];
for (const scenario of scenarioNames) {
  for (const name of serverNames) {
    const server = servers[name];
    if (server) list.push(scenarios(server.plan(), profiled(server.spec, scenario))[scenario]);
  }
}

// ---- Targets (issue 3) ---------------------------------------------------------------------

const TARGET_RATIO = 3;
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 150; // megabytes (10^6), as the issue says: 143.1 MiB

function targets(suite: SuiteResult): string {
  const peers = suite.results.filter((r) => r.server === "defra-peer");
  const ours = suite.results.filter((r) => r.server.startsWith("bluelamp"));
  if (ours.length === 0) return "";
  const lines = [
    `#### Targets: at least ${TARGET_RATIO}× the peer's requests/s on every scenario, p99 under ${TARGET_P99_MS} ms, RSS under ${TARGET_RSS_MB} MB (${(TARGET_RSS_MB / 1.048576).toFixed(1)} MiB)`,
    "",
    "| server | scenario | req/s | peer req/s | × peer | p99 ms | peak RSS MiB | ≥ 3× | p99 < 50 ms | RSS < 150 MB |",
    "|---|---|--:|--:|--:|--:|--:|:-:|:-:|:-:|",
  ];
  const misses: string[] = [];
  const yes = (ok: boolean | undefined) => (ok === undefined ? "–" : ok ? "yes" : "**no**");
  for (const r of ours) {
    const p = peers.find((x) => x.scenario === r.scenario);
    const ratio = p ? r.requestsPerSecond / p.requestsPerSecond : undefined;
    const checks = {
      ratio: ratio === undefined ? undefined : ratio >= TARGET_RATIO,
      p99: r.latencyMs.p99 < TARGET_P99_MS,
      rss: r.serverProcess.hwmMiB * 1.048576 < TARGET_RSS_MB,
      clean: r.unexpected === 0,
    };
    if (checks.ratio === false)
      misses.push(`${r.server} ${r.scenario}: ${ratio?.toFixed(1)}× the peer`);
    if (!checks.p99) misses.push(`${r.server} ${r.scenario}: p99 ${r.latencyMs.p99} ms`);
    if (!checks.rss)
      misses.push(`${r.server} ${r.scenario}: peak RSS ${r.serverProcess.hwmMiB} MiB`);
    if (!checks.clean)
      misses.push(`${r.server} ${r.scenario}: ${r.unexpected} unexpected responses`);
    lines.push(
      `| ${r.server} | ${r.scenario} | ${Math.round(r.requestsPerSecond)} | ${p ? Math.round(p.requestsPerSecond) : "–"} | ${ratio === undefined ? "–" : `${ratio.toFixed(1)}×`} | ${r.latencyMs.p99} | ${r.serverProcess.hwmMiB} | ${yes(checks.ratio)} | ${yes(checks.p99)} | ${yes(checks.rss)} |`,
    );
  }
  lines.push(
    "",
    misses.length === 0
      ? "**Every target is met on every row.**"
      : `**Missed** (${misses.length}): ${misses.join("; ")}.`,
  );
  if (peers.length > 0) {
    const worst = peers.reduce((a, b) => (a.latencyMs.p99 > b.latencyMs.p99 ? a : b));
    lines.push(
      "",
      `The peer in this run: ${peers.map((r) => `${r.scenario} ${Math.round(r.requestsPerSecond)} req/s`).join(", ")}; p99 up to ${worst.latencyMs.p99} ms, peak RSS up to ${Math.max(...peers.map((r) => r.serverProcess.hwmMiB))} MiB.`,
    );
  }
  return lines.join("\n");
}

const custom = process.env.BENCH_FORMS_SERVERS || process.env.BENCH_FORMS_SCENARIOS;

export const suite: Suite = {
  // A run with other servers or scenarios than the default writes its own results files.
  name: custom ? "forms-variants" : "forms",
  baseline: "defra-peer",
  baselineLabel: "peer",
  notes,
  scenarios: list,
  summary: targets,
  cleanup: dropSchema,
};
