// The only reader of process.env. Everything else receives a typed Config from buildApp,
// so tests can build an app with any settings without touching the environment.
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type Brand = {
  /** The force's name as the public know it, e.g. "Bluelamp Police". */
  forceName: string;
  /** The brand colour, as a CSS hex colour, used for the header and links. */
  colour: string;
  /** Optional path (under /assets or an absolute URL path on this site) of the force's logo. */
  logoUrl: string | undefined;
};

export type Config = {
  env: "production" | "development" | "test";
  host: string;
  port: number;
  /** Folder for the embedded database and other local files. */
  dataDir: string;
  /** Folder of the form definitions (one YAML file per service). */
  formsDir: string;
  /** Teams and their queues, loaded into an empty database. */
  teamsFile: string;
  /** PostgreSQL connection string; when absent the embedded SQLite file in dataDir is used. */
  databaseUrl: string | undefined;
  /** Secret for signing cookies and CSRF tokens. Required in production. */
  sessionSecret: string;
  /** The public origin of the site, e.g. https://online.example.police.uk. Required in production. */
  publicUrl: string;
  brand: Brand;
  logLevel: string;
  /** Whether LOG_LEVEL was set: tests log nothing unless asked to. */
  logLevelSet: boolean;
  /** POST requests allowed per client IP per minute. */
  postRateLimit: number;
  /** Minutes of inactivity after which a journey (a public session) expires. */
  journeyIdleMinutes: number;
  /** Sign-in attempts (passwords and codes) allowed per client per 5 minutes. */
  staffSignInLimit: number;
  /** Staff are signed out after this many minutes without activity… */
  staffIdleMinutes: number;
  /** …and after this many hours whatever they do. */
  staffSessionHours: number;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Which neighbourhood data to load at start, and the name of the whole region. */
  neighbourhoods: { data: "demo" | "boundaries" | "none"; regionName: string };
  outbox: OutboxConfig;
};

export type OutboxConfig = {
  /** smtp://user:pass@host:port (or smtps://); unset: emails go to DATA_DIR/maildrop/. */
  smtpUrl: string | undefined;
  /** The From of every email, e.g. "Bluelamp Police" <no-reply@example.police.uk>. */
  mailFrom: string;
  /** Run the outbox worker inside the web process (off when `npm run worker` does it). */
  workerInProcess: boolean;
  /** Attempts at a message before it is dead and waits for an admin. */
  maxAttempts: number;
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const DEV_SECRET = "development-only-secret-do-not-use-in-production";


function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, not "${env[name]}"`);
}

function outboxConfig(env: Env, forceName: string, publicUrl: string): OutboxConfig {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {}
    if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname) {
      // Not echoed: the value may hold a password.
      throw new ConfigError("SMTP_URL must look like smtp://user:password@mail.example.org:587");
    }
  }
  const quotedName = forceName.replace(/["\\]/g, "");
  const mailFrom = env.MAIL_FROM || `"${quotedName}" <no-reply@${new URL(publicUrl).hostname}>`;
  if (!/^[^\r\n]*[^\s@<>]+@[A-Za-z0-9.-]+>?\s*$/.test(mailFrom)) {
    throw new ConfigError(
      `MAIL_FROM must be an address such as "Bluelamp Police" <no-reply@example.org>, not "${mailFrom}"`,
    );
  }
  return {
    smtpUrl,
    mailFrom,
    workerInProcess: flag(env, "WORKER_IN_PROCESS", true),
    maxAttempts: integer(env, "OUTBOX_MAX_ATTEMPTS", 10, 1, 100),
  };
}

/** WCAG contrast ratio between a hex colour and white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** NEIGHBOURHOOD_DATA: the demo's London in development, its boundaries in tests, none in production. */
function neighbourhoodConfig(env: Env, nodeEnv: string): Config["neighbourhoods"] {
  const fallback = nodeEnv === "production" ? "none" : nodeEnv === "test" ? "boundaries" : "demo";
  const data = env.NEIGHBOURHOOD_DATA || fallback;
  if (data !== "demo" && data !== "boundaries" && data !== "none") {
    throw new ConfigError(`NEIGHBOURHOOD_DATA must be demo, boundaries or none, not "${data}"`);
  }
  return { data, regionName: env.REGION_NAME || "London" };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? "development";
  if (nodeEnv !== "production" && nodeEnv !== "development" && nodeEnv !== "test") {
    throw new ConfigError(`NODE_ENV must be production, development or test, not "${nodeEnv}"`);
  }
  const production = nodeEnv === "production";
  const missing: string[] = [];
  const required = (name: string): string | undefined => {
    const value = env[name];
    if (production && (value === undefined || value === "")) missing.push(name);
    return value || undefined;
  };

  const port = integer(env, "PORT", 3000, 0, 65535);
  const sessionSecret = required("SESSION_SECRET") ?? DEV_SECRET;
  const publicUrl = required("PUBLIC_URL") ?? `http://localhost:${port}`;
  if (missing.length > 0) {
    throw new ConfigError(
      `Bluelamp will not start in production without ${missing.join(" and ")}. Set ${missing.length > 1 ? "them" : "it"} in the environment.`,
    );
  }
  if (production && sessionSecret.length < 32) {
    throw new ConfigError("SESSION_SECRET must be at least 32 characters long in production");
  }
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be a full URL such as https://example.org, not "${publicUrl}"`,
    );
  }
  const colour = env.BRAND_COLOUR || "#1d4f91";
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) {
    throw new ConfigError(`BRAND_COLOUR must be a hex colour such as #1d4f91, not "${colour}"`);
  }
  if (contrastWithWhite(colour) < 4.5) {
    // The header and footer put white text on the brand colour (WCAG 1.4.3).
    throw new ConfigError(
      `BRAND_COLOUR ${colour} is too light for white text on it (contrast ${contrastWithWhite(colour).toFixed(1)}:1, needs 4.5:1); choose a darker colour`,
    );
  }
  const logoUrl = env.LOGO_URL || undefined;
  if (logoUrl !== undefined && !logoUrl.startsWith("/")) {
    // An off-site logo would be a third-party request on every page.
    throw new ConfigError("LOGO_URL must be a path on this site, such as /assets/logo.svg");
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL must be a PostgreSQL URL starting with postgres://");
  }

  return {
    env: nodeEnv,
    host: env.HOST || (production ? "0.0.0.0" : "127.0.0.1"),
    port,
    dataDir: path.resolve(env.DATA_DIR || "./data"),
    formsDir: path.resolve(env.FORMS_DIR || path.join(projectRoot, "forms")),
    teamsFile: path.resolve(env.TEAMS_FILE || path.join(projectRoot, "seed/teams.yaml")),
    databaseUrl,
    sessionSecret,
    publicUrl,
    brand: { forceName: env.FORCE_NAME || "Bluelamp Police", colour, logoUrl },
    logLevel: env.LOG_LEVEL || "info",
    logLevelSet: Boolean(env.LOG_LEVEL),
    postRateLimit: integer(env, "POST_RATE_LIMIT", 60, 1, 1_000_000),
    journeyIdleMinutes: integer(env, "JOURNEY_IDLE_MINUTES", 60, 1, 7 * 24 * 60),
    bodyLimitBytes: integer(env, "BODY_LIMIT_BYTES", 65536, 1024, 10 * 1024 * 1024),
    neighbourhoods: neighbourhoodConfig(env, nodeEnv),
    staffSignInLimit: integer(env, "STAFF_SIGN_IN_LIMIT", 10, 1, 100_000),
    staffIdleMinutes: integer(env, "STAFF_IDLE_MINUTES", 30, 1, 24 * 60),
    staffSessionHours: integer(env, "STAFF_SESSION_HOURS", 12, 1, 7 * 24),
    outbox: outboxConfig(env, env.FORCE_NAME || "Bluelamp Police", publicUrl),
  };
}
