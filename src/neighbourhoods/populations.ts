// Populations of neighbourhoods and boroughs, so the area pages can give crimes per 1,000
// residents. None ship with Bluelamp (there is no ward population file in the data we
// have); a force loads its own with `npm run data:import -- FILE`, in this format
// (docs/populations-format.md):
//
//   area_code,population,year,source
//   E05013655,12345,2022,ONS mid-2022 ward population estimates
//
// area_code is a neighbourhood's police.uk id (for the Met, the ward code) or a borough's
// code. A row for an area replaces what was held for it. Bad rows are counted by reason.
import { parse } from "csv-parse";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { insertRows } from "./bulk-insert.ts";
import type { Db } from "./db.ts";
import { openText } from "./sources.ts";

export type AreaKind = "neighbourhood" | "borough";

export type Population = { population: number; year: number; source: string };

export type PopulationImport = {
  read: number;
  imported: number;
  rejected: Record<string, number>;
};

/** The header a population file starts with; sources.ts tells the format by it. */
export const POPULATION_HEADER = ["area_code", "population", "year", "source"] as const;

/** Checks one row; the reason it cannot be used, or the figure. */
export function readPopulationRow(
  row: Record<string, string>,
  thisYear: number,
): Population | { rejected: string } {
  const population = (row.population ?? "").trim().replace(/,/g, "");
  const year = (row.year ?? "").trim();
  const source = (row.source ?? "").trim();
  // A neighbourhood has a few thousand residents, a borough a few hundred thousand; more
  // than 20 million is no English area's, and a typo.
  if (!/^\d+$/.test(population) || Number(population) < 1 || Number(population) > 20_000_000) {
    return { rejected: "population not a whole number from 1 to 20,000,000" };
  }
  if (!/^\d{4}$/.test(year) || Number(year) < 1900 || Number(year) > thisYear) {
    return { rejected: "year not a year from 1900 to this year" };
  }
  if (source === "") return { rejected: "source missing" };
  return { population: Number(population), year: Number(year), source: source.slice(0, 500) };
}

export async function importPopulations(
  db: Kysely<Database>,
  file: string,
  now: () => Date = () => new Date(),
  signal?: AbortSignal,
): Promise<PopulationImport> {
  const [neighbourhoods, boroughs] = await Promise.all([
    db.selectFrom("neighbourhoods").select("id").execute(),
    db.selectFrom("boroughs").select("id").execute(),
  ]);
  const kindOf = new Map<string, AreaKind>([
    ...boroughs.map((b) => [b.id, "borough"] as const),
    ...neighbourhoods.map((n) => [n.id, "neighbourhood"] as const),
  ]);
  // police.uk ids are taken as given (a force's may mix cases); only a code that matches no
  // area as given is matched whatever its case ("e05013570" from a spreadsheet), and only
  // when that names one area alone.
  const byCapitals = new Map<string, string | null>();
  for (const id of kindOf.keys()) {
    const k = id.toUpperCase();
    byCapitals.set(k, byCapitals.has(k) ? null : id);
  }
  const areaOf = (given: string) =>
    kindOf.has(given) ? given : (byCapitals.get(given.toUpperCase()) ?? undefined);
  const result: PopulationImport = { read: 0, imported: 0, rejected: {} };
  const reject = (reason: string) => {
    result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
  };
  const importedAt = now().toISOString();
  const thisYear = now().getUTCFullYear();
  const rows = new Map<string, Array<string | number>>();
  const stream = await openText(file);
  try {
    const parser = stream.pipe(
      parse({
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      }),
    );
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      result.read++;
      const code = areaOf((row.area_code ?? "").trim());
      const kind = code === undefined ? undefined : kindOf.get(code);
      if (code === undefined || !kind) {
        reject("area not known");
        continue;
      }
      const checked = readPopulationRow(row, thisYear);
      if ("rejected" in checked) {
        reject(checked.rejected);
        continue;
      }
      if (rows.has(code)) {
        reject("area given twice (the first is kept)");
        continue;
      }
      rows.set(code, [kind, code, checked.population, checked.year, checked.source, importedAt]);
    }
  } finally {
    stream.destroy();
  }
  signal?.throwIfAborted();
  const list = [...rows.values()];
  await db.transaction().execute(async (trx) => {
    const codes = [...rows.keys()];
    for (let i = 0; i < codes.length; i += 500) {
      await trx
        .deleteFrom("area_populations")
        .where("area_id", "in", codes.slice(i, i + 500))
        .execute();
    }
    await insertRows(
      trx,
      "area_populations",
      [
        ["area_kind", "text"],
        ["area_id", "text"],
        ["population", "integer"],
        ["year", "integer"],
        ["source", "text"],
        ["imported_at", "text"],
      ],
      list,
    );
  });
  result.imported = list.length;
  return result;
}

/** The populations held for these areas: "kind|id" → figure. Missing areas are absent. */
export async function populationsOf(
  db: Db,
  areas: Array<{ kind: AreaKind; id: string }>,
): Promise<Map<string, Population>> {
  const found = new Map<string, Population>();
  for (const kind of ["neighbourhood", "borough"] as const) {
    const ids = [...new Set(areas.filter((a) => a.kind === kind).map((a) => a.id))];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom("area_populations")
        .select(["area_id", "population", "year", "source"])
        .where("area_kind", "=", kind)
        .where("area_id", "in", ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        found.set(`${kind}|${r.area_id}`, {
          population: Number(r.population),
          year: Number(r.year),
          source: r.source,
        });
      }
    }
  }
  return found;
}
