// The tables behind teams, staff, cases, the outbox and the audit log (migration 0002).

export type TeamTable = {
  id: string;
  name: string;
  /** For a neighbourhood team: the GSS code of its area (a ward E05…, or a borough E09…). */
  area_code: string | null;
  /** Where alerts about new cases go: a team mailbox, never a person's own address. */
  alert_email: string | null;
  /** The service-level target for a new case, in hours. */
  target_hours: number;
  /** Optional: new cases are also posted, signed, to the force's records system. */
  webhook_url: string | null;
  webhook_secret: string | null;
  created_at: string;
};

export type StaffRole = "officer" | "supervisor" | "editor" | "admin";

export type StaffTable = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  totp_secret: string | null;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  /** When an admin last reset the password or second factor: older sessions end. */
  credentials_changed_at: string | null;
};

export type TeamMemberTable = { team_id: string; staff_id: string };

export type CaseStatus = "new" | "triaged" | "in-progress" | "awaiting-information" | "closed";
export type CasePriority = "low" | "normal" | "high" | "urgent";

export type CaseTable = {
  id: string;
  reference: string;
  form_id: string;
  team_id: string;
  status: CaseStatus;
  outcome: string | null;
  owner_id: string | null;
  priority: CasePriority;
  sensitive: number;
  due_at: string;
  reporter_email: string | null;
  tracking_code_hash: string | null;
  created_at: string;
  updated_at: string;
};

export type CaseEventTable = {
  id: string;
  case_id: string;
  at: string;
  /** The member of staff; null for the system or the reporter. */
  actor_id: string | null;
  kind: string;
  /** "public" events show on track your report; "staff" ones only in the back office. */
  visibility: "public" | "staff";
  data: string;
};

export type CaseAttachmentTable = {
  id: string;
  case_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  added_at: string;
};

export type OutboxStatus = "pending" | "sent" | "dead";

export type OutboxTable = {
  id: string;
  channel: "email" | "webhook";
  /** An email address or a webhook URL. */
  recipient: string;
  subject: string | null;
  body: string;
  case_id: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** While set and in the future, one worker holds the message; when it passes, another may. */
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

export type AuditLogTable = {
  id: string;
  at: string;
  staff_id: string | null;
  action: string;
  case_id: string | null;
  reason: string | null;
  detail: string;
};

export type CaseTables = {
  teams: TeamTable;
  staff: StaffTable;
  team_members: TeamMemberTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_attachments: CaseAttachmentTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
};
