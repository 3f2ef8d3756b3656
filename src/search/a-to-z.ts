// The A to Z of services: every service (the forms, the published service start pages and
// the site's own services such as Track your report), filed under what it is about ("Theft"
// for "Report a theft"), and under the other names people look for it by.
import type { SearchDocument } from "./search-index.ts";

export type AToZEntry = {
  /** What the entry is filed under, e.g. "Theft" or "Car accident". */
  label: string;
  /** The service's own name, the link's text. */
  title: string;
  url: string;
  description: string;
};

export type AToZGroup = { letter: string; id: string; entries: AToZEntry[] };

/** Other names a service is looked for by, as the A to Z shows them. Only shown if the service exists. */
export const aToZAliases: Array<{ label: string; url: string }> = [
  { label: "Accident on the road", url: "/services/report-a-road-traffic-collision" },
  { label: "Car crash", url: "/services/report-a-road-traffic-collision" },
  { label: "Complaints", url: "/services/compliments-complaints-feedback" },
  { label: "Compliments", url: "/services/compliments-complaints-feedback" },
  { label: "Crime reference number", url: "/track" },
  { label: "Local policing team", url: "/area" },
  { label: "Noise and nuisance", url: "/services/report-antisocial-behaviour" },
  { label: "Stolen bike, phone or car", url: "/services/report-a-theft" },
];

export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");

/** "Report a theft" → "Theft"; "Apply for a firearms licence" → "Firearms licence". */
export function subjectOf(title: string): string {
  const subject = title.replace(
    /^(?:report|apply for|book|request)\s+(?:(?:a|an|the|your)\s+)?/i,
    "",
  );
  if (!subject || subject === title) return title;
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

const isService = (doc: SearchDocument) => doc.type === "service" || doc.type === "service-start";

export function aToZ(documents: readonly SearchDocument[]): AToZGroup[] {
  const services = documents.filter(isService);
  const byUrl = new Map(services.map((doc) => [doc.url, doc]));
  const entries: AToZEntry[] = services.map((doc) => ({
    label: subjectOf(doc.title),
    title: doc.title,
    url: doc.url,
    description: doc.summary,
  }));
  for (const alias of aToZAliases) {
    const doc = byUrl.get(alias.url);
    if (doc && !entries.some((e) => e.label === alias.label)) {
      entries.push({ label: alias.label, title: doc.title, url: doc.url, description: "" });
    }
  }
  const groups = new Map<string, AToZEntry[]>();
  for (const entry of entries) {
    const first = entry.label
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .charAt(0)
      .toUpperCase();
    const letter = LETTERS.includes(first) ? first : "#";
    groups.set(letter, [...(groups.get(letter) ?? []), entry]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "#" ? 1 : b === "#" ? -1 : a.localeCompare(b)))
    .map(([letter, list]) => ({
      letter,
      id: letter === "#" ? "other" : letter.toLowerCase(),
      entries: list.sort((a, b) => a.label.localeCompare(b.label, "en-GB")),
    }));
}
