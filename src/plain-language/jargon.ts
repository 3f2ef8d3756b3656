// Police, legal and office words that a member of the public may not use, with
// the plainer words to use instead. This is data: add a line, not code.
//
// `term` is matched as whole words, in any case. A single word also matches its
// common forms (perpetrators, apprehended, commencing); `forms` lists any others.
// `note` says when the plain word does not always fit; `soft` marks words that are
// often the right word after all, which a caller may report once rather than each time.

export type JargonEntry = {
  term: string;
  plain: string;
  forms?: string[];
  note?: string;
  soft?: boolean;
};

export const JARGON: readonly JargonEntry[] = [
  { term: "perpetrator", plain: "the person who did it" },
  { term: "offender", plain: "the person who did it" },
  { term: "assailant", plain: "the person who attacked you" },
  { term: "complainant", plain: "you, or the person who reported it" },
  { term: "injured party", plain: "you, or the person who was hurt" },
  { term: "informant", plain: "the person who told us" },
  { term: "deceased", plain: "the person who died" },
  { term: "alight", plain: "get off", forms: ["alighted", "alighting"] },
  { term: "vehicle", plain: "car, van or motorbike", note: "where it fits", soft: true },
  { term: "apprehend", plain: "arrest or catch" },
  { term: "commence", plain: "start", forms: ["commencement"] },
  { term: "in receipt of", plain: "have or get" },
  { term: "modus operandi", plain: "how it was done" },
  { term: "victimless", plain: "say who is affected" },
  { term: "whilst", plain: "while" },
  {
    term: "utilise",
    plain: "use",
    forms: ["utilize", "utilizes", "utilized", "utilizing", "utilisation"],
  },
  { term: "prior to", plain: "before" },
  { term: "regarding", plain: "about" },
  { term: "in relation to", plain: "about" },
  { term: "with regard to", plain: "about" },
  { term: "residence", plain: "home" },
  { term: "dwelling", plain: "home" },
  { term: "premises", plain: "building, shop or place", note: "name the place", soft: true },
  { term: "incident", plain: "what happened", note: "where it fits", soft: true },
  { term: "occurrence", plain: "what happened" },
  { term: "made off", plain: "ran away or left" },
  { term: "decamp", plain: "leave" },
  { term: "in the vicinity of", plain: "near" },
  { term: "vicinity", plain: "area" },
  { term: "intoxicated", plain: "drunk or on drugs" },
  {
    term: "sustain",
    plain: "get",
    note: '"sustained injuries" → "was hurt"',
    forms: ["sustained"],
  },
  {
    term: "attend",
    plain: "come or go",
    note: '"officers will attend" → "officers will come"',
    soft: true,
  },
  { term: "proceed", plain: "go or carry on", soft: true },
  { term: "obtain", plain: "get" },
  { term: "purchase", plain: "buy" },
  { term: "assist", plain: "help", forms: ["assistance"] },
  { term: "ascertain", plain: "find out" },
  {
    term: "endeavour",
    plain: "try",
    forms: ["endeavor", "endeavors", "endeavoured", "endeavored"],
  },
  { term: "sufficient", plain: "enough" },
  { term: "additional", plain: "more or extra", soft: true },
  { term: "approximately", plain: "about" },
  { term: "subsequently", plain: "later or then" },
  { term: "in order to", plain: "to" },
  { term: "terminate", plain: "end or stop" },
  { term: "forthwith", plain: "now" },
  { term: "notwithstanding", plain: "despite" },
  { term: "pursuant to", plain: "under" },
  { term: "liaise", plain: "work with or talk to" },
  { term: "facilitate", plain: "help or make possible" },
  { term: "individual", plain: "person", note: "as a noun", soft: true },
];
