// Frozen: a migration never changes once it has landed and never imports application code.
// When an admin resets someone's password or second factor, every back-office session that
// was signed in before then must end: the reset is usually because the old ones are not
// trusted (a lost phone, a shared password). Sessions are not indexed by who they belong to,
// so the account records when its credentials changed, and the back office's gate, which
// reads the account on every request, ends a session signed in before that time.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("staff").addColumn("credentials_changed_at", "varchar(32)").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("staff").dropColumn("credentials_changed_at").execute();
}
