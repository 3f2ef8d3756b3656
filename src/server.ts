// Starts the process: read the config, open the database, build the app, listen, and on
// SIGTERM or SIGINT stop taking new requests (they get 503) while in-flight ones finish.
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { FormDefinitionError } from "./forms/engine/index.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration problem: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const database = openDatabase(config);
let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp(config, { database });
} catch (error) {
  // A bad form definition is an author's mistake: say where it is, without a stack trace.
  if (
    error instanceof FormDefinitionError ||
    /\.ya?ml:\d+:\d+/.test(String((error as Error)?.message))
  ) {
    console.error(
      `Bluelamp did not start: a form definition is invalid.\n${(error as Error).message}`,
    );
    await database.close();
    process.exit(78);
  }
  throw error;
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, "shutting down: finishing requests in flight");
  // If something hangs, do not hang forever: orchestrators send SIGKILL eventually anyway.
  const deadline = setTimeout(() => process.exit(1), 25_000);
  deadline.unref();
  try {
    // app.close() also waits for handlers whose clients hung up (src/runtime/
    // requests-in-flight.ts), so nothing is still using the database when it closes.
    await app.close();
    await database.close();
  } finally {
    clearTimeout(deadline);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await app.listen({ host: config.host, port: config.port });
if (!app.availability.isAvailable) {
  app.log.warn("started without a database: pages say the service is unavailable until it is back");
}
