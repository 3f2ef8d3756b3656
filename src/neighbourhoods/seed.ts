// The demo's London: boundaries (2022 wards as neighbourhoods, and the boroughs), the two
// forces, a made-up team with priorities and events for every neighbourhood (in police.uk's
// shapes, so the pages and the API have something real-looking to show), and the shipped
// crime and postcode files. Everything is read from seed/london (see seed/README.md).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  type AreaLookup,
  type BoundaryFeature,
  countNeighbourhoods,
  readFeatures,
  saveBoundaries,
} from "./boundaries.ts";
import { type ImportReport, importCrimeFiles } from "./import.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const londonSeedDir = path.join(root, "seed/london");

export const londonForces = [
  {
    id: "metropolitan",
    name: "Metropolitan Police Service",
    description:
      "The Metropolitan Police Service polices the 32 London boroughs. (Demonstration data.)",
    url: "https://www.met.police.uk/",
    telephone: "101",
    engagement_methods: JSON.stringify([
      { title: "telephone", url: "", description: "101, or 999 in an emergency" },
    ]),
  },
  {
    id: "city-of-london",
    name: "City of London Police",
    description: "The City of London Police polices the Square Mile. (Demonstration data.)",
    url: "https://www.cityoflondon.police.uk/",
    telephone: "101",
    engagement_methods: JSON.stringify([
      { title: "telephone", url: "", description: "101, or 999 in an emergency" },
    ]),
  },
];

const CITY_OF_LONDON = "E09000001";

/** The boundary files and which properties hold codes and names. */
export async function readLondonBoundaries(seedDir = londonSeedDir) {
  const wards = await readFeatures(path.join(seedDir, "boundaries/london-wards-2022.geojson.gz"));
  const boroughs = await readFeatures(path.join(seedDir, "boundaries/london-boroughs.geojson.gz"));
  const text = (f: BoundaryFeature, k: string) => String(f.properties[k] ?? "");
  return {
    boroughs: boroughs.map((f) => ({
      id: text(f, "GSS_CODE"),
      name: text(f, "NAME"),
      geometry: f.geometry,
    })),
    neighbourhoods: wards.map((f) => {
      const boroughId = text(f, "LAD22CD");
      const name = text(f, "WD22NM");
      return {
        id: text(f, "WD22CD"),
        name,
        boroughId,
        forceId: boroughId === CITY_OF_LONDON ? "city-of-london" : "metropolitan",
        geometry: f.geometry,
        description: `The ${name} Safer Neighbourhood Team. This is demonstration data: the team, its priorities and its events are made up.`,
        contactDetails: {
          email: `${slugPart(name)}.snt@example.police.uk`,
          telephone: "101",
        },
        links: [],
        locations: [],
      };
    }),
  };
}

function slugPart(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/**
 * Loads forces and boundaries if there are none yet, with a demo team for each area.
 * Idempotent, and safe when two processes start at once (rows already there are kept).
 */
export async function seedBoundaries(
  db: Kysely<Database>,
  seedDir = londonSeedDir,
  now = () => new Date(),
): Promise<boolean> {
  if ((await countNeighbourhoods(db)) > 0) return false;
  const { boroughs, neighbourhoods } = await readLondonBoundaries(seedDir);
  await db
    .insertInto("forces")
    .values(londonForces)
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await saveBoundaries(db, boroughs, neighbourhoods);
  await seedDemoTeams(
    db,
    neighbourhoods.map((n) => ({ id: n.id, name: n.name })),
    now(),
  );
  return true;
}

const firstNames = [
  "Aisha",
  "Ben",
  "Chloe",
  "Daniel",
  "Ella",
  "Femi",
  "Grace",
  "Hassan",
  "Isla",
  "Jack",
  "Kiran",
  "Leah",
  "Marcus",
  "Nadia",
  "Oliver",
  "Priya",
  "Ravi",
  "Sofia",
  "Tom",
  "Yusuf",
];
const surnames = [
  "Adeyemi",
  "Brown",
  "Chen",
  "Davies",
  "Evans",
  "Fernandes",
  "Green",
  "Hughes",
  "Iqbal",
  "Jones",
  "Kowalski",
  "Lewis",
  "Murphy",
  "Nowak",
  "O'Brien",
  "Patel",
  "Quinn",
  "Roberts",
  "Singh",
  "Taylor",
];
const priorityTemplates = [
  {
    issue: "Reduce burglary in residential streets",
    action:
      "We are visiting homes that were burgled and their neighbours to give crime prevention advice, and patrolling at the times burglaries happen.",
  },
  {
    issue: "Tackle antisocial behaviour around the shops and the station",
    action:
      "We are patrolling at the busiest times and working with the council and shop owners to deal with the people responsible.",
  },
  {
    issue: "Stop vehicle crime",
    action:
      "We are marking catalytic converters for free and reminding drivers not to leave anything on show.",
  },
  {
    issue: "Make the streets safer at night",
    action:
      "We are working with licensed premises and the council on lighting and patrols on Friday and Saturday nights.",
  },
  {
    issue: "Stop phone snatching",
    action: "We are patrolling the busiest pavements and giving out advice on keeping phones safe.",
  },
];

/** A number from a string, always the same for the same string. */
function pick(seed: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return (h >>> 0) % n;
}

async function seedDemoTeams(
  db: Kysely<Database>,
  neighbourhoods: Array<{ id: string; name: string }>,
  now: Date,
) {
  const people: Database["neighbourhood_people"][] = [];
  const priorities: Database["neighbourhood_priorities"][] = [];
  const events: Database["neighbourhood_events"][] = [];
  const day = (offset: number) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  for (const n of neighbourhoods) {
    const roles = ["Sergeant", "Police Constable", "Police Community Support Officer"];
    roles.forEach((rank, i) => {
      const first = firstNames[pick(`${n.id}${i}f`, firstNames.length)];
      const last = surnames[pick(`${n.id}${i}s`, surnames.length)];
      people.push({
        id: `${n.id}-person-${i + 1}`,
        neighbourhood_id: n.id,
        sort_order: i,
        name: `${first} ${last}`,
        rank,
        bio: "",
        contact_details: "{}",
      });
    });
    const a = pick(`${n.id}p`, priorityTemplates.length);
    const b = (a + 1 + pick(`${n.id}q`, priorityTemplates.length - 1)) % priorityTemplates.length;
    [a, b].forEach((t, i) => {
      priorities.push({
        id: `${n.id}-priority-${i + 1}`,
        neighbourhood_id: n.id,
        sort_order: i,
        issue: priorityTemplates[t].issue,
        issue_date: `${day(-40 - 30 * i)}T00:00:00`,
        action: priorityTemplates[t].action,
        action_date: `${day(-10 - 7 * i)}T00:00:00`,
      });
    });
    const offset = 5 + pick(`${n.id}e`, 25);
    events.push({
      id: `${n.id}-event-1`,
      neighbourhood_id: n.id,
      title: `Meet your ${n.name} team`,
      type: "meeting",
      description: "Come and tell us what matters to you. No need to book.",
      address: `${n.name} library`,
      start_date: `${day(offset)}T18:00:00`,
      end_date: `${day(offset)}T19:30:00`,
      contact_details: "{}",
    });
  }
  for (const [table, rows] of [
    ["neighbourhood_people", people],
    ["neighbourhood_priorities", priorities],
    ["neighbourhood_events", events],
  ] as const) {
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto(table)
        .values(rows.slice(i, i + 500) as never)
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
  }
}

/** The shipped crime and postcode files, in the order the demo loads them. */
export function londonDataFiles(seedDir = londonSeedDir): string[] {
  const crime = path.join(seedDir, "crime");
  const city = path.join(crime, "city-of-london");
  const files = [
    ...fs
      .readdirSync(city)
      .filter((f) => f.endsWith(".csv.gz"))
      .sort()
      .map((f) => path.join(city, f)),
    path.join(crime, "2023-01-metropolitan-street-first4000rows.csv.gz"),
    path.join(crime, "mps-ward-level-crime-2024-03-to-2026-03.csv.gz"),
    path.join(seedDir, "postcodes/london-postcodes-codepoint-open-2025-10.csv.gz"),
  ];
  return files;
}

/**
 * What of the demo's data still needs loading: the crime files when no crime figures are
 * there and no import is under way, the postcodes when there are none.
 */
export async function demoDataNeeded(db: Kysely<Database>, now = () => new Date()) {
  const since = new Date(now().getTime() - 10 * 60_000).toISOString();
  const [months, running, postcodes] = await Promise.all([
    db.selectFrom("crime_months").select("month").limit(1).execute(),
    db
      .selectFrom("crime_imports")
      .select("id")
      .where("status", "=", "running")
      .where("started_at", ">", since)
      .limit(1)
      .execute(),
    db.selectFrom("postcodes").select("postcode").limit(1).execute(),
  ]);
  if (running.length > 0) return { crime: false, postcodes: false };
  return { crime: months.length === 0, postcodes: postcodes.length === 0 };
}

export async function loadDemoData(
  db: Kysely<Database>,
  options: {
    seedDir?: string;
    log?: (message: string) => void;
    areas?: AreaLookup;
    signal?: AbortSignal;
    /** Which parts to load; both when not given. */
    parts?: { crime: boolean; postcodes: boolean };
  } = {},
): Promise<ImportReport> {
  const parts = options.parts ?? { crime: true, postcodes: true };
  const files = londonDataFiles(options.seedDir).filter((f) =>
    f.includes("/postcodes/") ? parts.postcodes : parts.crime,
  );
  return importCrimeFiles(db, files, {
    log: options.log,
    areas: options.areas,
    signal: options.signal,
  });
}
