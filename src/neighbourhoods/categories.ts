// The police.uk crime categories: the slugs the API uses, the names the CSV files use, and
// what each means for the public (a plain description, where to find advice, which form
// reports it). The list matches GET /api/crime-categories.

export type CrimeCategory = {
  slug: string;
  /** The police.uk name, as in the CSV "Crime type" column and the API. */
  name: string;
  /** Lower-case words for a sentence: "Burglary here is about the same as last year". */
  phrase: string;
  /** What it covers, in plain English. */
  description: string;
  /** The service that reports it online, if there is one (its start page, no prefill). */
  reportService?: { href: string; text: string };
};

const theftReport = { href: "/services/report-a-theft", text: "Report a theft" };

export const crimeCategories: CrimeCategory[] = [
  {
    slug: "anti-social-behaviour",
    name: "Anti-social behaviour",
    phrase: "antisocial behaviour",
    description:
      "Behaviour that causes alarm, distress or nuisance, such as noise, rowdiness or vandalism.",
    reportService: {
      href: "/services/report-antisocial-behaviour",
      text: "Report antisocial behaviour",
    },
  },
  {
    slug: "bicycle-theft",
    name: "Bicycle theft",
    phrase: "bicycle theft",
    description: "Taking a bicycle.",
    reportService: theftReport,
  },
  {
    slug: "burglary",
    name: "Burglary",
    phrase: "burglary",
    description: "Getting into a home, shed, shop or other building to steal or do damage.",
  },
  {
    slug: "criminal-damage-arson",
    name: "Criminal damage and arson",
    phrase: "criminal damage and arson",
    description: "Damaging or setting fire to property, vehicles or buildings.",
  },
  {
    slug: "drugs",
    name: "Drugs",
    phrase: "drug offences",
    description: "Having, selling or making illegal drugs.",
  },
  {
    slug: "other-theft",
    name: "Other theft",
    phrase: "other theft",
    description:
      "Theft that is not from a person, a shop, a vehicle or a home, such as from a garden.",
    reportService: theftReport,
  },
  {
    slug: "possession-of-weapons",
    name: "Possession of weapons",
    phrase: "possession of weapons",
    description: "Carrying a knife, a firearm or another weapon.",
  },
  {
    slug: "public-order",
    name: "Public order",
    phrase: "public order offences",
    description: "Behaviour in public that causes fear, alarm or distress, including threats.",
  },
  {
    slug: "robbery",
    name: "Robbery",
    phrase: "robbery",
    description: "Stealing from someone using force or the threat of force.",
  },
  {
    slug: "shoplifting",
    name: "Shoplifting",
    phrase: "shoplifting",
    description: "Stealing from a shop or a stall.",
    reportService: theftReport,
  },
  {
    slug: "theft-from-the-person",
    name: "Theft from the person",
    phrase: "theft from the person",
    description: "Stealing something someone is carrying or wearing, such as a phone or a bag.",
    reportService: theftReport,
  },
  {
    slug: "vehicle-crime",
    name: "Vehicle crime",
    phrase: "vehicle crime",
    description: "Stealing a vehicle, stealing from one, or tampering with one.",
    reportService: theftReport,
  },
  {
    slug: "violent-crime",
    name: "Violence and sexual offences",
    phrase: "violence and sexual offences",
    description: "Assaults, harassment, stalking and sexual offences.",
  },
  {
    slug: "other-crime",
    name: "Other crime",
    phrase: "other crime",
    description: "Crime that does not fit another category, such as forgery or perjury.",
  },
];

export const ALL_CRIME = "all-crime";

const bySlug = new Map(crimeCategories.map((c) => [c.slug, c]));
const byName = new Map(crimeCategories.map((c) => [c.name.toLowerCase(), c.slug]));
// Names police.uk has used in older files for the same categories.
for (const [name, slug] of [
  ["violent crime", "violent-crime"],
  ["violence and sexual offences", "violent-crime"],
  ["antisocial behaviour", "anti-social-behaviour"],
  ["criminal damage & arson", "criminal-damage-arson"],
]) {
  byName.set(name, slug);
}

export function categoryBySlug(slug: string): CrimeCategory | undefined {
  return bySlug.get(slug);
}

/** The slug for a police.uk CSV "Crime type" name, or undefined if it is not one we know. */
export function slugForName(name: string): string | undefined {
  return byName.get(name.trim().toLowerCase());
}

/**
 * The button that reports a crime of this category from a page about a place: the service's
 * start page with the category and the area (a neighbourhood or borough code) in the link.
 * Each form's `prefill:` section says which of these it fills in; the rest are ignored, so
 * the link can always carry both (docs/forms-format.md, docs/adr/0013).
 */
export function reportLink(
  category: CrimeCategory,
  area?: string,
): { href: string; text: string } | undefined {
  const service = category.reportService;
  if (!service) return undefined;
  const query = new URLSearchParams({ category: category.slug });
  if (area) query.set("area", area);
  return { href: `${service.href}?${query}`, text: service.text };
}

export function isCategorySlug(slug: string): boolean {
  return bySlug.has(slug);
}

/** GET /api/crime-categories */
export function apiCategories(): Array<{ url: string; name: string }> {
  return [
    { url: ALL_CRIME, name: "All crime" },
    ...crimeCategories.map((c) => ({ url: c.slug, name: c.name })),
  ];
}

/**
 * The Met's ward-level figures use Home Office offence groups. police.uk's categories are
 * themselves groups of the same offences, so each minor group maps to one category.
 * Fraud recorded by Action Fraud (NFIB) is not on police.uk and is left out.
 */
const recordedMinorToSlug: Record<string, string | null> = {
  ARSON: "criminal-damage-arson",
  "CRIMINAL DAMAGE": "criminal-damage-arson",
  "POSSESSION OF DRUGS": "drugs",
  "TRAFFICKING OF DRUGS": "drugs",
  "FRAUD AND FORGERY": "other-crime",
  NFIB: null,
  "MISC CRIMES AGAINST SOCIETY": "other-crime",
  "POSSESSION OF WEAPONS": "possession-of-weapons",
  "BICYCLE THEFT": "bicycle-theft",
  "OTHER THEFT": "other-theft",
  SHOPLIFTING: "shoplifting",
  "THEFT FROM THE PERSON": "theft-from-the-person",
};
const recordedMajorToSlug: Record<string, string | null> = {
  "ARSON AND CRIMINAL DAMAGE": "criminal-damage-arson",
  BURGLARY: "burglary",
  "DRUG OFFENCES": "drugs",
  "FRAUD AND FORGERY": "other-crime",
  "NFIB FRAUD": null,
  "MISCELLANEOUS CRIMES AGAINST SOCIETY": "other-crime",
  "POSSESSION OF WEAPONS": "possession-of-weapons",
  "PUBLIC ORDER OFFENCES": "public-order",
  ROBBERY: "robbery",
  "SEXUAL OFFENCES": "violent-crime",
  "VEHICLE OFFENCES": "vehicle-crime",
  "VIOLENCE AGAINST THE PERSON": "violent-crime",
};

/**
 * The police.uk category for a Met offence group: a slug, null for an offence police.uk
 * leaves out, or undefined when the group is not known at all.
 */
export function slugForRecordedOffence(major: string, minor: string): string | null | undefined {
  const m = minor.trim().toUpperCase();
  if (m in recordedMinorToSlug) return recordedMinorToSlug[m];
  const j = major.trim().toUpperCase();
  if (j in recordedMajorToSlug) return recordedMajorToSlug[j];
  return undefined;
}
