// Demo accounts for a newcomer's first run, one per role, created only in development and
// only when there are no staff at all. Their second factor is already set up with a random
// secret, so `npm run staff:code -- EMAIL` can print the code for someone without an app.
import type { Kysely } from "kysely";
import type { StaffRole } from "../cases/tables.ts";
import type { Database } from "../db/schema.ts";
import { createStaff } from "./accounts.ts";
import { newTotpSecret } from "./totp.ts";

export const DEMO_PASSWORD = "bluelamp-demo-password";

const DEMO: Array<{ email: string; name: string; role: StaffRole; teamIds: string[] }> = [
  {
    email: "officer@bluelamp.example",
    name: "Alex Officer",
    role: "officer",
    teamIds: ["online-crime-triage", "camden-neighbourhood"],
  },
  {
    email: "supervisor@bluelamp.example",
    name: "Sam Supervisor",
    role: "supervisor",
    teamIds: ["online-crime-triage", "roads-policing"],
  },
  { email: "editor@bluelamp.example", name: "Eve Editor", role: "editor", teamIds: [] },
  {
    email: "admin@bluelamp.example",
    name: "Ada Admin",
    role: "admin",
    teamIds: ["professional-standards"],
  },
];

export async function seedDemoStaff(db: Kysely<Database>, now: Date): Promise<number> {
  const any = await db.selectFrom("staff").select("id").limit(1).executeTakeFirst();
  if (any) return 0;
  const teams = new Set((await db.selectFrom("teams").select("id").execute()).map((t) => t.id));
  for (const account of DEMO) {
    await createStaff(
      db,
      {
        ...account,
        password: DEMO_PASSWORD,
        teamIds: account.teamIds.filter((t) => teams.has(t)),
        totpSecret: newTotpSecret(),
      },
      now,
    );
  }
  return DEMO.length;
}
