// The database handle this feature's modules take: the app's Kysely, or a transaction in it.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

export type Db = Kysely<Database> | Transaction<Database>;
