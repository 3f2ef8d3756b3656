// One police.uk street-level record, from either of its two published shapes (a CSV row or
// an API JSON object), checked and normalised; or the reason it cannot be used.
//
// What the data README says about these files, and what we do:
// - Antisocial behaviour has no Crime ID and no outcome: kept, with an empty persistent id.
// - A Crime ID can repeat (one crime, several offences or victims): each row is kept, as
//   police.uk counts them; the Crime ID is never used as a key.
// - "No Location" rows have no coordinates: kept (they are what /crimes-no-location lists)
//   but not counted in any area.
// - API JSON saved area by area can hold the same crime twice (areas touch): the importer
//   drops repeats of the same numeric id.
import { isCategorySlug, slugForName } from "./categories.ts";

export type StreetRecord = {
  policeId: number | null;
  persistentId: string;
  /** From the CSV's "Falls within"; API JSON does not say. */
  forceId: string | null;
  month: string;
  category: string;
  latitude: number | null;
  longitude: number | null;
  streetId: number | null;
  streetName: string;
  locationType: string;
  locationSubtype: string;
  context: string;
  outcomeCategory: string | null;
  outcomeDate: string | null;
  lsoaCode: string;
  lsoaName: string;
};

export type Rejection = "bad month" | "unknown category" | "bad coordinates" | "not a crime record";

export type Parsed = { record: StreetRecord } | { rejected: Rejection };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Force ids as police.uk spells them, for the names its CSV files use. */
const forceIds: Record<string, string> = {
  "metropolitan police service": "metropolitan",
  "city of london police": "city-of-london",
  "british transport police": "btp",
  "police service of northern ireland": "northern-ireland",
};

export function forceIdForName(name: string): string {
  const key = name.trim().toLowerCase();
  if (forceIds[key]) return forceIds[key];
  // police.uk's ids are the name in lower case with the kind of force left off:
  // "Avon and Somerset Constabulary" -> "avon-and-somerset".
  return key
    .replace(/\b(constabulary|police service|police)\b/g, "")
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Coordinates we accept: the United Kingdom and its waters, generously. police.uk only
 * publishes England, Wales and Northern Ireland, so anything else is a broken row.
 */
function coordinates(
  latText: string,
  lngText: string,
): { lat: number | null; lng: number | null } | "bad" {
  if (latText.trim() === "" && lngText.trim() === "") return { lat: null, lng: null };
  const lat = Number(latText);
  const lng = Number(lngText);
  if (
    latText.trim() === "" ||
    lngText.trim() === "" ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lng)
  ) {
    return "bad";
  }
  if (lat < 49 || lat > 61 || lng < -11 || lng > 2.5) return "bad";
  return { lat, lng };
}

/** A stable street id for records that came without one (the CSV files have none). */
export function streetIdFor(latitude: number, longitude: number, name: string): number {
  let hash = 0x811c9dc5;
  const text = `${latitude.toFixed(6)},${longitude.toFixed(6)},${name}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2_000_000_000;
}

/** A row of a police.uk street-level CSV, keyed by its header. */
export function fromCsvRow(row: Record<string, string | undefined>): Parsed {
  const month = (row.Month ?? "").trim();
  if (!MONTH.test(month)) return { rejected: "bad month" };
  const category = slugForName(row["Crime type"] ?? "");
  if (!category) return { rejected: "unknown category" };
  const place = coordinates(row.Latitude ?? "", row.Longitude ?? "");
  if (place === "bad") return { rejected: "bad coordinates" };
  const location = (row.Location ?? "").trim();
  const noLocation = place.lat === null;
  const outcome = (row["Last outcome category"] ?? "").trim();
  const fallsWithin = (row["Falls within"] ?? row["Reported by"] ?? "").trim();
  return {
    record: {
      policeId: null,
      persistentId: (row["Crime ID"] ?? "").trim(),
      forceId: fallsWithin ? forceIdForName(fallsWithin) : null,
      month,
      category,
      latitude: place.lat,
      longitude: place.lng,
      streetId:
        noLocation || place.lat === null || place.lng === null
          ? null
          : streetIdFor(place.lat, place.lng, location),
      streetName: noLocation ? "" : location,
      locationType: "Force",
      locationSubtype: "",
      context: (row.Context ?? "").trim(),
      // The CSV gives the latest outcome but not its month; police.uk's API would.
      outcomeCategory: outcome || null,
      outcomeDate: null,
      lsoaCode: (row["LSOA code"] ?? "").trim(),
      lsoaName: (row["LSOA name"] ?? "").trim(),
    },
  };
}

type ApiCrime = {
  category?: unknown;
  month?: unknown;
  id?: unknown;
  persistent_id?: unknown;
  location_type?: unknown;
  location_subtype?: unknown;
  context?: unknown;
  location?: {
    latitude?: unknown;
    longitude?: unknown;
    street?: { id?: unknown; name?: unknown } | null;
  } | null;
  outcome_status?: { category?: unknown; date?: unknown } | null;
};

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** One crime object of the police.uk API (GET /api/crimes-street/...). */
export function fromApiObject(value: unknown): Parsed {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { rejected: "not a crime record" };
  }
  const crime = value as ApiCrime;
  if (crime.category === undefined && crime.month === undefined) {
    return { rejected: "not a crime record" };
  }
  const month = text(crime.month);
  if (!MONTH.test(month)) return { rejected: "bad month" };
  const category = text(crime.category);
  if (!isCategorySlug(category)) return { rejected: "unknown category" };
  const location = crime.location ?? null;
  const place = location
    ? coordinates(String(location.latitude ?? ""), String(location.longitude ?? ""))
    : { lat: null, lng: null };
  if (place === "bad") return { rejected: "bad coordinates" };
  const streetId = Number(location?.street?.id);
  const outcome = crime.outcome_status ?? null;
  const outcomeDate = text(outcome?.date);
  return {
    record: {
      policeId: Number.isSafeInteger(crime.id) ? (crime.id as number) : null,
      persistentId: text(crime.persistent_id),
      forceId: null,
      month,
      category,
      latitude: place.lat,
      longitude: place.lng,
      streetId: Number.isSafeInteger(streetId) ? streetId : null,
      streetName: text(location?.street?.name),
      locationType: text(crime.location_type) || "Force",
      locationSubtype: text(crime.location_subtype),
      context: text(crime.context),
      outcomeCategory: text(outcome?.category) || null,
      outcomeDate: MONTH.test(outcomeDate) ? outcomeDate : null,
      lsoaCode: "",
      lsoaName: "",
    },
  };
}
