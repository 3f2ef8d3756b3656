// Frozen: a migration never changes once it has landed and never imports application code.
// Teams and their queues, staff, cases and their history, the outbox, and the audit log.
import { type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("teams")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("area_code", "varchar(20)")
    .addColumn("alert_email", "varchar(320)")
    .addColumn("target_hours", "integer", (c) => c.notNull())
    .addColumn("webhook_url", "varchar(2000)")
    .addColumn("webhook_secret", "varchar(200)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("teams_area_code").on("teams").column("area_code").execute();

  await db.schema
    .createTable("staff")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("email", "varchar(320)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("role", "varchar(20)", (c) => c.notNull())
    .addColumn("password_hash", "varchar(500)", (c) => c.notNull())
    .addColumn("totp_secret", "varchar(100)")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("team_members")
    .addColumn("team_id", "varchar(64)", (c) =>
      c.notNull().references("teams.id").onDelete("cascade"),
    )
    .addColumn("staff_id", "varchar(36)", (c) =>
      c.notNull().references("staff.id").onDelete("cascade"),
    )
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "staff_id"])
    .execute();

  await db.schema
    .createTable("cases")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("reference", "varchar(16)", (c) =>
      c.notNull().unique().references("submissions.reference"),
    )
    .addColumn("form_id", "varchar(100)", (c) => c.notNull())
    .addColumn("team_id", "varchar(64)", (c) => c.notNull().references("teams.id"))
    .addColumn("status", "varchar(30)", (c) => c.notNull())
    .addColumn("outcome", "varchar(60)")
    .addColumn("owner_id", "varchar(36)", (c) => c.references("staff.id"))
    .addColumn("priority", "varchar(20)", (c) => c.notNull())
    .addColumn("sensitive", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("due_at", "varchar(32)", (c) => c.notNull())
    .addColumn("reporter_email", "varchar(320)")
    .addColumn("tracking_code_hash", "varchar(64)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("cases_team_status_due")
    .on("cases")
    .columns(["team_id", "status", "due_at"])
    .execute();

  // The history of a case: every change, note and message, in order. `visibility` says
  // whether the reporter sees it on "track your report".
  await db.schema
    .createTable("case_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("case_id", "varchar(36)", (c) =>
      c.notNull().references("cases.id").onDelete("cascade"),
    )
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .addColumn("actor_id", "varchar(36)")
    .addColumn("kind", "varchar(30)", (c) => c.notNull())
    .addColumn("visibility", "varchar(10)", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_events_case_at")
    .on("case_events")
    .columns(["case_id", "at"])
    .execute();

  await db.schema
    .createTable("case_attachments")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("case_id", "varchar(36)", (c) =>
      c.notNull().references("cases.id").onDelete("cascade"),
    )
    .addColumn("filename", "varchar(300)", (c) => c.notNull())
    .addColumn("content_type", "varchar(200)", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("added_at", "varchar(32)", (c) => c.notNull())
    .execute();

  // Every message that leaves the system, written in the same transaction as its cause.
  await db.schema
    .createTable("outbox")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("channel", "varchar(20)", (c) => c.notNull())
    .addColumn("recipient", "varchar(2000)", (c) => c.notNull())
    .addColumn("subject", "varchar(300)")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("case_id", "varchar(36)")
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(32)", (c) => c.notNull())
    .addColumn("lease_until", "varchar(32)")
    .addColumn("last_error", "varchar(2000)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .execute();
  await db.schema
    .createIndex("outbox_due")
    .on("outbox")
    .columns(["status", "next_attempt_at"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .addColumn("staff_id", "varchar(36)")
    .addColumn("action", "varchar(60)", (c) => c.notNull())
    .addColumn("case_id", "varchar(36)")
    .addColumn("reason", "varchar(2000)")
    .addColumn("detail", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_log_case_at")
    .on("audit_log")
    .columns(["case_id", "at"])
    .execute();

  // The audit log is append-only in the database itself, not only by convention.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_log",
    "outbox",
    "case_attachments",
    "case_events",
    "cases",
    "team_members",
    "staff",
    "teams",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists audit_log_append_only()`.execute(db);
  }
}
