// An outbox worker in a process of its own, with settings from the test (argv[2], JSON), so
// a test can kill it in the middle of a delivery. Prints "ready" once running; on SIGTERM
// stops as `npm run worker` does and prints its counts.
import { openDatabase } from "../../../src/db/database.ts";
import { createOutboxWorker, type OutboxWorkerTuning } from "../../../src/outbox/index.ts";

type ChildOptions = {
  dataDir: string;
  databaseUrl?: string;
  schema?: string;
  smtpUrl: string;
  tuning: OutboxWorkerTuning;
};

const options = JSON.parse(process.argv[2]) as ChildOptions;
const database = openDatabase({
  dataDir: options.dataDir,
  databaseUrl: options.databaseUrl,
  schema: options.schema,
});
const worker = createOutboxWorker(
  {
    dataDir: options.dataDir,
    outbox: {
      smtpUrl: options.smtpUrl,
      mailFrom: "Bluelamp Police <no-reply@police.example>",
      workerInProcess: false,
      maxAttempts: 10,
    },
  },
  database,
  options.tuning,
);
process.on("SIGTERM", async () => {
  await worker.stop();
  await database.close();
  process.stdout.write(`stopped ${JSON.stringify(worker.stats)}\n`);
  process.exit(0);
});
worker.start();
process.stdout.write("ready\n");
