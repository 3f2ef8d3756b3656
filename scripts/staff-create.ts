// `npm run staff:create -- --email EMAIL --name "FULL NAME" --role admin [--team ID]…`
// Creates a staff account in the database that DATA_DIR / DATABASE_URL name: how a force's
// first admin is made in production, where there are no demo accounts. The password is asked
// for (twice, not echoed), or read from STAFF_PASSWORD for automation. The new person sets up
// their authenticator app the first time they sign in; after that, admins add everyone else
// in the back office.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { checkNewAccount, createAccount } from "../src/admin/staff-accounts.ts";
import { seedTeams } from "../src/cases/teams.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { ROLES } from "../src/staff/accounts.ts";

const USAGE = `Usage: npm run staff:create -- --email EMAIL --name "FULL NAME" --role ROLE [--team ID]…
  ROLE is one of ${ROLES.join(", ")}. Repeat --team for each team they join.
  The password is asked for, or read from STAFF_PASSWORD.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      team: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`, 64);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.email === undefined || args.name === undefined || args.role === undefined) fail(USAGE, 64);

/** Reads a line from the terminal without showing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const muted = rl as unknown as { _writeToOutput(text: string): void };
    let asked = false;
    muted._writeToOutput = (text: string) => {
      // Show the question once; afterwards echo nothing but the end of the line.
      if (!asked) {
        asked = true;
        process.stdout.write(text);
      } else if (text.includes("\n")) process.stdout.write("\n");
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

async function password(): Promise<string> {
  if (process.env.STAFF_PASSWORD) return process.env.STAFF_PASSWORD;
  if (!process.stdin.isTTY) fail("No terminal to ask for the password: set STAFF_PASSWORD.");
  const first = await askHidden("Password (12 characters or more): ");
  const again = await askHidden("The same password again: ");
  if (first !== again) fail("The two passwords are not the same. Nothing was created.");
  return first;
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration problem: ${error.message}`, 78);
  throw error;
}

const secret = await password();
const database = openDatabase(config);
try {
  await database.migrate();
  // As the site does on its first start, so --team works before it has ever run.
  await seedTeams(database.db, config.teamsFile, new Date());
  const { errors, account } = await checkNewAccount(database.db, {
    name: args.name.trim(),
    email: args.email,
    role: args.role.trim(),
    teamIds: [...new Set(args.team ?? [])].map((t) => t.trim()),
    password: secret,
  });
  if (!account) {
    const flags: Record<string, string> = {
      "#name": "--name",
      "#email": "--email",
      "#role": `--role (one of ${ROLES.join(", ")})`,
      "#teams": "--team",
      "#password": "password",
    };
    for (const error of errors) console.error(`${flags[error.href] ?? error.href}: ${error.text}`);
    console.error("Nothing was created.");
    process.exitCode = 1;
  } else {
    await createAccount(database.db, account, null, new Date());
    console.log(
      `Created the ${account.role} account for ${account.email} (${database.dialect}). ` +
        `Sign in at ${new URL("/staff/sign-in", config.publicUrl)}: the first sign-in sets up an authenticator app.`,
    );
  }
} catch (error) {
  console.error(`Could not create the account: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
