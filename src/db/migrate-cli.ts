// `npm run db:migrate`: brings the database named by DATA_DIR / DATABASE_URL up to date.
import { loadConfig } from "../config.ts";
import { openDatabase } from "./database.ts";

const config = loadConfig();
const database = openDatabase(config);
try {
  await database.migrate();
  console.log(`Database (${database.dialect}) is up to date.`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await database.close();
}
