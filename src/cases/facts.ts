// Facts derived from the answers for routing: where it happened. The form names its
// location questions; the first answered one gives a postcode, which the area lookup turns
// into a borough and a neighbourhood (when the neighbourhood data is loaded).
import {
  type Answers,
  type Facts,
  type FormDefinition,
  isDontKnow,
} from "../forms/engine/index.ts";

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
 * Whether the person told us where it happened: any location question answered with
 * something other than a blank or "I do not know", whether or not the lookup can place it.
 */
export function saysWhere(form: FormDefinition, answers: Answers): boolean {
  return form.location.some((id) => {
    const answer = answers[id];
    return answer !== undefined && answer !== null && answer !== "" && !isDontKnow(answer);
  });
}

/**
 * Whether the area a journey was started from (an area page's report link, kept by the
 * form's `prefill:`) is used: only when the person said nothing about where it happened.
 * A postcode or address the lookup cannot place still wins: the link was written by
 * someone else, and must not send a report about one place to another place's team.
 */
export function usesStartedFromArea(
  form: FormDefinition,
  answers: Answers,
  startedFrom: Area | undefined,
): boolean {
  return startedFrom !== undefined && !saysWhere(form, answers);
}

/**
 * Where it happened: the area of the first location answer, when the lookup can place it;
 * or, when no location question was answered at all, the area the journey was started
 * from. `area-source` records which, so staff can tell a place the reporter gave from one
 * that came only from the link they followed.
 */
export async function deriveFacts(
  form: FormDefinition,
  answers: Answers,
  lookup: AreaLookup | undefined,
  startedFrom?: Area,
): Promise<Facts> {
  let area: Area | undefined;
  let source: Facts["area-source"];
  if (usesStartedFromArea(form, answers, startedFrom)) {
    area = startedFrom;
    source = "link";
  } else {
    const postcode = locationPostcode(form, answers);
    area = postcode && lookup ? await lookup(postcode) : undefined;
    source = "answers";
  }
  if (!area) return {};
  const facts: Facts = {};
  if (area.borough) facts.borough = area.borough;
  if (area.boroughName) facts["borough-name"] = area.boroughName;
  if (area.neighbourhood) facts.neighbourhood = area.neighbourhood;
  if (area.neighbourhoodName) facts["neighbourhood-name"] = area.neighbourhoodName;
  if (Object.keys(facts).length > 0) facts["area-source"] = source;
  return facts;
}
