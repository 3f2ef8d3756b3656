// Bluelamp as a benchmark server: what `npm start` runs (src/start.ts restarts itself as the
// server with the runtime settings of src/runtime/), on the Node this process runs on (the
// project's Node 24), in production on 127.0.0.1. Each suite adds what its rows differ in.
import { randomBytes } from "node:crypto";
import { appSource } from "./runner.ts";
import type { ServerSpec } from "./types.ts";

/** One secret per bench run: production refuses to start without one. */
const secret = randomBytes(32).toString("base64url");

export function bluelampServer(options: {
  name: string;
  description: string;
  /** The rest of the environment: DATA_DIR, LOG_LEVEL, DATABASE_URL and the like. */
  env: (port: number) => Record<string, string>;
  /** Node flags before src/start.ts (a CPU profile, say). */
  nodeFlags?: string[];
}): ServerSpec {
  return {
    name: options.name,
    description: options.description,
    command: [process.execPath, ...(options.nodeFlags ?? []), "src/start.ts"],
    cwd: appSource().root,
    env: (port) => ({
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: secret,
      ...options.env(port),
    }),
    readyPath: "/readyz",
  };
}
