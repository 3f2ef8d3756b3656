// `npm run worker`: the outbox worker as a process of its own, for forces that run several web
// processes and want delivery apart from them (set WORKER_IN_PROCESS=false on the web side).
// Any number may run against one PostgreSQL. It reads the same settings as the site.
// On SIGTERM or SIGINT it finishes the deliveries it has begun, gives back the messages it
// had claimed but not started, and exits.
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { createOutboxWorker, describeFailure } from "./outbox/index.ts";
import { loggerOptions } from "./platform/logging.ts";

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

const options = loggerOptions(config);
const logger =
  typeof options === "object" && options !== null
    ? pino(options as pino.LoggerOptions).child({ component: "outbox-worker" })
    : pino({ enabled: false });

const database = openDatabase(config);
const worker = createOutboxWorker(config, database, { logger });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping: finishing deliveries in flight");
  // Each delivery is bounded by the send timeout; past this, something is stuck.
  const deadline = setTimeout(() => process.exit(1), worker.sendTimeoutMillis + 15_000);
  deadline.unref();
  await worker.stop();
  await database.close();
  logger.info({ ...worker.stats }, "stopped");
  clearTimeout(deadline);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// The database may not be up yet (or the web process may still be migrating it): keep trying.
for (let attempt = 1; !stopping; attempt++) {
  try {
    await database.migrate();
    break;
  } catch (error) {
    if (attempt === 1) {
      logger.warn(
        { err: { message: describeFailure(error).summary } },
        "database not ready; trying again every few seconds",
      );
    }
    await sleep(Math.min(10_000, 500 * attempt));
  }
}
if (!stopping) {
  worker.start();
  logger.info(
    { delivery: config.outbox.smtpUrl ? "smtp" : "maildrop", batchSize: worker.batchSize },
    "outbox worker started",
  );
}
