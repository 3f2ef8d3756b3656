// A start link's prefill, checked for the runner: the engine checks the suggested answers
// through their question types (readPrefill), and here the area's code is looked up, so an
// unknown code is dropped like any other bad value: silently, and never an error page.
//
// A report already in progress is never thrown away by a link: the link only adds what the
// journey lacks (a suggestion for a question not yet answered, the area when it has none).
import type { Area } from "../../cases/facts.ts";
import { type FormDefinition, prefillRows, readPrefill } from "../engine/index.ts";
import type { Journey, JourneyPrefill } from "./journeys.ts";

export type AreaByCode = (code: string) => Promise<Area | undefined>;

export type StartPrefill = {
  /** What the journey gets: all of it for a new journey, the additions for one in progress. */
  journey: JourneyPrefill;
  /** The link's parameters that were accepted: hidden fields of the start page's form. */
  parameters: Array<{ name: string; value: string }>;
  /** For the start page: what will be filled in, as check your answers shows it. */
  rows: Array<{ key: string; lines: string[] }>;
  /** How many of the rows are suggested answers (the area is not one), for the wording. */
  suggestions: number;
  /** Whether the person already has a report in progress, whose answers are kept. */
  continuing: boolean;
};

/** A journey the person has put answers into: a link adds to it and never replaces it. */
export function hasAnswers(journey: Journey | undefined): journey is Journey {
  return journey !== undefined && !journey.submitted && Object.keys(journey.answers).length > 0;
}

/**
 * What a link (GET) or the start page's form (POST) would fill in. With `inProgress`, only
 * what that journey lacks: suggestions for questions it has not answered, and the area if
 * it has none. Undefined when there is nothing to fill in.
 */
export async function readStartPrefill(
  form: FormDefinition,
  params: unknown,
  options: { today: string; areaByCode: AreaByCode; inProgress?: Journey },
): Promise<StartPrefill | undefined> {
  if (form.prefill.length === 0) return undefined;
  const read = readPrefill(form, params as Record<string, unknown>, { today: options.today });
  const inProgress = hasAnswers(options.inProgress) ? options.inProgress : undefined;
  const parameters = { ...read.parameters };
  for (const p of form.prefill) {
    if (!Object.hasOwn(parameters, p.name)) continue;
    const lacking =
      p.kind === "area"
        ? !inProgress?.prefill?.area
        : !inProgress || !Object.hasOwn(inProgress.answers, p.question);
    if (!lacking) delete parameters[p.name];
  }
  const answers = Object.fromEntries(
    Object.entries(read.answers).filter(
      ([id]) => !inProgress || !Object.hasOwn(inProgress.answers, id),
    ),
  );
  const areaCode = form.prefill.some((p) => p.kind === "area" && Object.hasOwn(parameters, p.name))
    ? read.area
    : undefined;
  const area = areaCode === undefined ? undefined : await options.areaByCode(areaCode);
  if (!area) {
    for (const p of form.prefill) if (p.kind === "area") delete parameters[p.name];
  }
  const rows = prefillRows(form, { answers }).map(({ key, lines }) => ({ key, lines }));
  const suggestions = rows.length;
  if (area) rows.push(areaRow(area, "start"));
  if (rows.length === 0) return undefined;
  return {
    journey: { answers, ...(area ? { area } : {}) },
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
    rows,
    suggestions,
    continuing: inProgress !== undefined,
  };
}

/**
 * Adds a link's prefill to a journey in progress: a newer suggestion replaces an older one
 * for a question still unanswered (the person's latest link says most about what they
 * meant), but the area they started with stays.
 */
export function addToJourney(journey: Journey, prefill: JourneyPrefill): void {
  const area = journey.prefill?.area ?? prefill.area;
  journey.prefill = {
    answers: { ...journey.prefill?.answers, ...prefill.answers },
    ...(area ? { area } : {}),
  };
}

/** "Bank and Bishopsgate, City of London", or the borough alone. */
export function areaName(area: Area): string {
  return [area.neighbourhoodName, area.boroughName].filter(Boolean).join(", ");
}

/**
 * The area as a row: context, not an answer, so it has no Change link; instead it says
 * where it came from and when it is used. On check your answers it is shown only when it
 * is used, that is when the person has not said where it happened, with a Remove button.
 */
export function areaRow(
  area: Area,
  where: "start" | "check-answers",
): { key: string; lines: string[] } {
  return {
    key: "Area",
    lines: [
      areaName(area),
      where === "start"
        ? "From the link you followed. We will only use it if you do not tell us where it happened."
        : "From the link you followed. You have not told us where it happened, so we will use this area unless you remove it.",
    ],
  };
}
