// Prefill checks that need more than the definition (the loader already refuses a prefill
// naming no question, a question with several fields, and values the question refuses):
// - a `category` parameter's values are keyed by police.uk crime category slugs, the ones the
//   area pages put in their report links; a slug that is not one is never sent, so the
//   mapping under it is dead (usually a typo);
// - a prefilled question on a page no path reaches would never show its suggestion;
// - an area parameter only steers routing when a rule can send the case to the local
//   neighbourhood team; otherwise it is only shown, which is worth knowing.

import { categoryBySlug, crimeCategories } from "../../neighbourhoods/categories.ts";
import { type FormDefinition, LOCAL_NEIGHBOURHOOD_TEAM } from "../engine/index.ts";
import type { YamlPath } from "./yaml-locator.ts";

/** The parameter whose values are police.uk crime category slugs. */
export const CATEGORY_PARAMETER = "category";

export type PrefillFinding = {
  severity: "error" | "warning";
  rule: string;
  path: YamlPath;
  key?: boolean;
  message: string;
};

export function prefillFindings(
  form: FormDefinition,
  reached: ReadonlySet<string>,
): PrefillFinding[] {
  const findings: PrefillFinding[] = [];
  const pageOf = new Map(form.pages.flatMap((p) => p.questions.map((q) => [q.id, p.id])));
  for (const parameter of form.prefill) {
    const at: YamlPath = ["prefill", parameter.name];
    if (parameter.kind === "area") {
      if (!form.routing.some((rule) => rule.queue === LOCAL_NEIGHBOURHOOD_TEAM)) {
        findings.push({
          severity: "warning",
          rule: "prefill-area-not-routed",
          path: at,
          key: true,
          message: `no routing rule sends a case to ${LOCAL_NEIGHBOURHOOD_TEAM}, so the area is only shown on check your answers`,
        });
      }
      continue;
    }
    const page = pageOf.get(parameter.question);
    if (page && !reached.has(page)) {
      findings.push({
        severity: "error",
        rule: "prefill-unreachable",
        path: [...at, "question"],
        message: `"${parameter.question}" is asked on the page "${page}", which no path reaches, so its prefill is never seen`,
      });
    }
    if (parameter.name !== CATEGORY_PARAMETER) continue;
    for (const slug of Object.keys(parameter.values ?? {})) {
      if (categoryBySlug(slug)) continue;
      findings.push({
        severity: "error",
        rule: "prefill-category",
        path: [...at, "values", slug],
        key: true,
        message: `"${slug}" is not a police.uk crime category; expected one of: ${crimeCategories.map((c) => c.slug).join(", ")}`,
      });
    }
  }
  return findings;
}
