// Every migration, in order. Listed by hand rather than read from the folder so the set that
// runs is exactly the set that was reviewed, with no dynamic imports at start-up.
import type { Migration } from "kysely";
import * as m0001 from "./0001-sessions-and-submissions.ts";
import * as m0002 from "./0002-cases-and-staff.ts";
import * as m0003 from "./0003-neighbourhoods.ts";
import * as m0004 from "./0004-content.ts";
import * as m0006 from "./0006-content-publications.ts";
import * as m0007 from "./0007-recorded-series-and-populations.ts";
import * as m0008 from "./0008-staff-credentials-changed.ts";

export const migrations: Record<string, Migration> = {
  "0001-sessions-and-submissions": m0001,
  "0002-cases-and-staff": m0002,
  "0003-neighbourhoods": m0003,
  "0004-content": m0004,
  "0006-content-publications": m0006,
  "0007-recorded-series-and-populations": m0007,
  "0008-staff-credentials-changed": m0008,
};
