// The neighbourhoods feature's tables (migration 0003). Words as in the design: a force has
// boroughs, a borough has neighbourhoods (Safer Neighbourhood Team areas); street-level crime
// is stored one row per police.uk record and counted into crime_counts by area and month.
// Dates are ISO text, JSON is text, coordinates are WGS84 degrees.
import type { Generated } from "kysely";

export type ForceTable = {
  /** police.uk force id, e.g. "metropolitan". */
  id: string;
  name: string;
  description: string;
  url: string;
  telephone: string;
  /** JSON: [{ title, url, description }], police.uk engagement methods. */
  engagement_methods: string;
};

export type BoroughTable = {
  /** ONS code, e.g. E09000007. */
  id: string;
  name: string;
  /** For the page address: /area/{slug}. */
  slug: string;
  population: number | null;
  /** GeoJSON geometry (Polygon or MultiPolygon). */
  boundary: string;
};

export type NeighbourhoodTable = {
  /** police.uk neighbourhood id; for London, the 2022 ward code. */
  id: string;
  force_id: string;
  borough_id: string;
  name: string;
  /** Unique within its borough: /area/{borough slug}/{slug}. */
  slug: string;
  description: string;
  url_force: string;
  population: number | null;
  centre_latitude: number;
  centre_longitude: number;
  /** JSON: police.uk contact_details ({ email, telephone, twitter, ... }). */
  contact_details: string;
  /** JSON: police.uk links ([{ url, title, description }]). */
  links: string;
  /** JSON: police.uk locations ([{ name, address, postcode, type, ... }]). */
  locations: string;
  boundary: string;
  min_latitude: number;
  min_longitude: number;
  max_latitude: number;
  max_longitude: number;
};

export type NeighbourhoodPersonTable = {
  id: string;
  neighbourhood_id: string;
  sort_order: number;
  name: string;
  rank: string;
  bio: string;
  contact_details: string;
};

export type NeighbourhoodPriorityTable = {
  id: string;
  neighbourhood_id: string;
  sort_order: number;
  issue: string;
  /** ISO date-time, as police.uk's issue-date. */
  issue_date: string;
  action: string;
  action_date: string | null;
};

export type NeighbourhoodEventTable = {
  id: string;
  neighbourhood_id: string;
  title: string;
  type: string;
  description: string;
  address: string;
  start_date: string;
  end_date: string | null;
  contact_details: string;
};

export type StreetCrimeTable = {
  /** Our own id; shown as police.uk's `id` when the source gave none. */
  id: Generated<number>;
  /** police.uk's numeric id, from API JSON sources. */
  police_id: number | null;
  /** police.uk's Crime ID / persistent_id; "" for antisocial behaviour, which has none. */
  persistent_id: string;
  force_id: string;
  /** YYYY-MM */
  month: string;
  /** police.uk category slug, e.g. "burglary". */
  category: string;
  /** Null for "No Location" records. */
  latitude: number | null;
  longitude: number | null;
  street_id: number | null;
  street_name: string;
  location_type: string;
  location_subtype: string;
  context: string;
  outcome_category: string | null;
  outcome_date: string | null;
  lsoa_code: string;
  lsoa_name: string;
  /** Assigned by point in polygon; null when outside every area or without a location. */
  neighbourhood_id: string | null;
  import_id: string;
};

/**
 * Counts from sources that have no points (the Met's ward-level recorded crime): one row per
 * ward, category and import, holding consecutive months from first_month as "4,0,7,…". A
 * month counts only while crime_months names this row's import for its force and month.
 */
export type RecordedCrimeSeriesTable = {
  force_id: string;
  neighbourhood_id: string;
  category: string;
  import_id: string;
  first_month: string;
  counts: string;
};

/** A neighbourhood's or borough's population, as loaded from a population file. */
export type AreaPopulationTable = {
  /** "neighbourhood" or "borough". */
  area_kind: string;
  area_id: string;
  population: number;
  /** The year the figure is for (e.g. a mid-year estimate's year). */
  year: number;
  /** Where the figure comes from, as the file says. */
  source: string;
  imported_at: string;
};

export type CrimeCountTable = {
  /** "neighbourhood", "borough" or "force" (every neighbourhood of the force). */
  area_kind: string;
  area_id: string;
  month: string;
  /** A police.uk slug, or "all-crime" for the total. */
  category: string;
  count: number;
};

/** One row per force, month and kind of source: what data we hold, from which import. */
export type CrimeMonthTable = {
  force_id: string;
  month: string;
  /** "street" (police.uk records with points) or "recorded" (ward-level counts). */
  source: string;
  records: number;
  import_id: string;
  imported_at: string;
};

export type CrimeImportTable = {
  id: string;
  started_at: string;
  finished_at: string | null;
  /** "running", "finished" or "failed". */
  status: string;
  /** JSON: the file names. */
  files: string;
  /** JSON: the import report (counts of rows kept and of each kind of bad row). */
  report: string | null;
};

export type PostcodeTable = {
  /** Upper case with one space before the inward code: "SW1A 1AA". */
  postcode: string;
  /** The outward code, "SW1A", for partial searches. */
  outcode: string;
  latitude: number;
  longitude: number;
  neighbourhood_id: string | null;
};

export type NeighbourhoodTables = {
  forces: ForceTable;
  boroughs: BoroughTable;
  neighbourhoods: NeighbourhoodTable;
  neighbourhood_people: NeighbourhoodPersonTable;
  neighbourhood_priorities: NeighbourhoodPriorityTable;
  neighbourhood_events: NeighbourhoodEventTable;
  street_crimes: StreetCrimeTable;
  recorded_crime_series: RecordedCrimeSeriesTable;
  area_populations: AreaPopulationTable;
  crime_counts: CrimeCountTable;
  crime_months: CrimeMonthTable;
  crime_imports: CrimeImportTable;
  postcodes: PostcodeTable;
};
