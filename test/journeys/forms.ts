// The shipped forms, as the app loads them (FORMS_DIR defaults to forms/), and the fixed
// "today" the HTTP suites run on, so that date answers are the same on every run.
import { fileURLToPath } from "node:url";
import {
  type FormDefinition,
  loadFormDefinitions,
  todayInUk,
} from "../../src/forms/engine/index.ts";

export const FORMS_DIR = fileURLToPath(new URL("../../forms/", import.meta.url));

export const shippedForms: FormDefinition[] = [...loadFormDefinitions(FORMS_DIR).values()].sort(
  (a, b) => a.id.localeCompare(b.id),
);

/** The clock the HTTP suites give the app: mid-morning in the UK, so "today" is not in doubt. */
export const FIXED_NOW = new Date("2025-06-15T10:00:00Z");
export const fixedNow = () => new Date(FIXED_NOW);
export const TODAY = todayInUk(FIXED_NOW);
