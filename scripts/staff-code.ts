// Development only: prints the current sign-in code of a demo account, so a newcomer can try
// the back office without an authenticator app. Refuses to run in production.
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { findStaffByEmail } from "../src/staff/accounts.ts";
import { totpCode } from "../src/staff/totp.ts";

const config = loadConfig();
if (config.env === "production") {
  console.error("staff:code is for development only: use an authenticator app.");
  process.exit(1);
}
const email = process.argv[2];
if (!email) {
  console.error("Usage: npm run staff:code -- officer@bluelamp.example");
  process.exit(2);
}
const database = openDatabase(config);
try {
  const account = await findStaffByEmail(database.db, email);
  if (!account?.totp_secret) {
    console.error(account ? "This account has not set up its second factor yet: sign in first." : "No such account.");
    process.exitCode = 1;
  } else {
    console.log(totpCode(account.totp_secret));
  }
} finally {
  await database.close();
}
