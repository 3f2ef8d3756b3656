// The services the public can start, loaded from forms/ at start-up. An invalid definition
// stops the site from starting, with the file, line and column of the problem.

import type { ServiceSummary } from "../../site/routes.ts";
import { type FormDefinition, loadFormDefinitions } from "../engine/index.ts";

/** Step names the runner uses itself, which no page or exit may take. */
export const RESERVED_STEPS = ["confirmation", "start"];

export type FormCatalogue = ReadonlyMap<string, FormDefinition>;

export function loadCatalogue(dir: string): FormCatalogue {
  const forms = loadFormDefinitions(dir);
  for (const form of forms.values()) {
    for (const step of [...form.pages, ...form.exits]) {
      if (RESERVED_STEPS.includes(step.id)) {
        const where = step.position ? `:${step.position.line}:${step.position.column}` : "";
        throw new Error(
          `${form.file ?? form.id}${where}: the id "${step.id}" is used by the site itself; choose another`,
        );
      }
    }
  }
  return forms;
}

/** Where a service is listed on the home page's task pages, from its id's first word. */
export function serviceKind(form: FormDefinition): ServiceSummary["kind"] {
  if (form.id.startsWith("report-")) return "report";
  if (form.id.startsWith("apply-")) return "apply";
  return "feedback";
}

export function serviceSummaries(forms: FormCatalogue): ServiceSummary[] {
  return [...forms.values()]
    .map((form) => ({
      id: form.id,
      title: form.title,
      description: form.description,
      kind: serviceKind(form),
    }))
    .sort((a, b) => a.title.localeCompare(b.title));
}
