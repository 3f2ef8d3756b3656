// A start link's prefill, checked for the runner: the engine checks the suggested answers
// through their question types (readPrefill), and here the area's code is looked up, so an
// unknown code is dropped like any other bad value: silently, and never an error page.
import type { Area } from "../../cases/facts.ts";
import { type FormDefinition, prefillRows, readPrefill } from "../engine/index.ts";
import type { JourneyPrefill } from "./journeys.ts";

export type AreaByCode = (code: string) => Promise<Area | undefined>;

export type StartPrefill = {
  /** What the journey keeps. */
  journey: JourneyPrefill;
  /** The link's parameters that were accepted: hidden fields of the start page's form. */
  parameters: Array<{ name: string; value: string }>;
  /** For the start page: what will be filled in, as check your answers shows it. */
  rows: Array<{ key: string; lines: string[] }>;
};

export async function readStartPrefill(
  form: FormDefinition,
  params: unknown,
  options: { today: string; areaByCode: AreaByCode },
): Promise<StartPrefill | undefined> {
  if (form.prefill.length === 0) return undefined;
  const read = readPrefill(form, params as Record<string, unknown>, { today: options.today });
  const parameters = { ...read.parameters };
  let area: Area | undefined;
  if (read.area !== undefined) {
    area = await options.areaByCode(read.area);
    if (!area) {
      for (const p of form.prefill) if (p.kind === "area") delete parameters[p.name];
    }
  }
  const rows = prefillRows(form, read).map(({ key, lines }) => ({ key, lines }));
  if (area) rows.push(areaRow(area));
  if (rows.length === 0) return undefined;
  return {
    journey: { answers: read.answers, ...(area ? { area } : {}) },
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
    rows,
  };
}

/** "Bank and Bishopsgate, City of London", or the borough alone. */
export function areaName(area: Area): string {
  return [area.neighbourhoodName, area.boroughName].filter(Boolean).join(", ");
}

/** The area as a row of check your answers: it is context, so it has no Change link. */
export function areaRow(area: Area): { key: string; lines: string[] } {
  return { key: "Area", lines: [areaName(area), "From your area page"] };
}
