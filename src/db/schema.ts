import type { CaseTables } from "../cases/tables.ts";
import type { ContentTables } from "../content/tables.ts";
import type { NeighbourhoodTables } from "../neighbourhoods/tables.ts";

// The database as the application sees it. Timestamps are ISO 8601 text in UTC and JSON is
// text in both dialects, so rows read the same from SQLite and PostgreSQL (docs/adr/0002).

export type SessionTable = {
  /** SHA-256 of the cookie's token, so a leaked database does not hand out live sessions. */
  id: string;
  data: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
};

export type SubmissionTable = {
  /** The reference shown to the public. */
  reference: string;
  form_id: string;
  form_version: number;
  /** The frozen answers, as JSON. */
  answers: string;
  /** One submission per journey: a repeated submit finds this row instead of making another. */
  journey_id: string;
  started_at: string;
  submitted_at: string;
};

/** The platform's own tables. */
export type PlatformTables = {
  sessions: SessionTable;
  submissions: SubmissionTable;
};

// Each feature declares its tables in its own folder (e.g. src/neighbourhoods/tables.ts)
// and adds them here, so features can grow their schemas without touching each other.
export type Database = PlatformTables & CaseTables & NeighbourhoodTables & ContentTables;
