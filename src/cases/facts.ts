// Facts derived from the answers for routing: where it happened. The form names its
// location questions; the first answered one gives a postcode, which the area lookup turns
// into a borough and a neighbourhood (when the neighbourhood data is loaded).
import type { Answers, Facts, FormDefinition } from "../forms/engine/index.ts";

export type Area = {
  borough?: string;
  boroughName?: string;
  neighbourhood?: string;
  neighbourhoodName?: string;
};

/** Turns a normalised UK postcode ("SW1A 1AA") into the area it lies in, if known. */
export type AreaLookup = (postcode: string) => Promise<Area | undefined>;

export function locationPostcode(form: FormDefinition, answers: Answers): string | undefined {
  for (const id of form.location) {
    const answer = answers[id];
    if (typeof answer === "string" && answer) return answer;
    if (answer && typeof answer === "object" && !Array.isArray(answer) && "postcode" in answer) {
      const postcode = (answer as Record<string, string>).postcode;
      if (postcode) return postcode;
    }
  }
  return undefined;
}

/**
 * Where it happened: the area of the first location answer, when the lookup can place it;
 * otherwise the area the journey was started from (an area page's report link, kept on the
 * journey by its `prefill:`), so a report with no postcode still reaches that area's team.
 */
export async function deriveFacts(
  form: FormDefinition,
  answers: Answers,
  lookup: AreaLookup | undefined,
  startedFrom?: Area,
): Promise<Facts> {
  const postcode = locationPostcode(form, answers);
  const placed = postcode && lookup ? await lookup(postcode) : undefined;
  const area = placed ?? startedFrom;
  if (!area) return {};
  const facts: Facts = {};
  if (area.borough) facts.borough = area.borough;
  if (area.boroughName) facts["borough-name"] = area.boroughName;
  if (area.neighbourhood) facts.neighbourhood = area.neighbourhood;
  if (area.neighbourhoodName) facts["neighbourhood-name"] = area.neighbourhoodName;
  return facts;
}
