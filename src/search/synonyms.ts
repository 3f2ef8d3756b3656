// The words the public use for what the police call something else. Data, not code: add a
// line when search logs of failed queries (counted, never stored with their text) or
// feedback show a word people use that our pages do not.
//
// `says` are words or short phrases as people type them. A phrase matches its words in
// order, with up to two small words between them ("my car was broken into" matches "car
// broken into"); plurals and endings match too, as both sides are stemmed. The longest
// phrase wins, so "car broken into" (vehicle crime) beats "broken into" (burglary).
// `means` is what our pages call it; the search looks for those words as well as what was
// typed, and weighs the typed words of a matched phrase down (so "broken" in "broken into"
// does not pull in pages about broken windows).

export type Synonym = {
  says: string[];
  means: string;
};

export const synonyms: Synonym[] = [
  // Theft and robbery
  { says: ["mugged", "mugging", "mugger", "held up", "robbed in the street"], means: "robbery" },
  { says: ["robbed"], means: "robbery theft" },
  { says: ["phone snatched", "snatched", "moped thieves"], means: "robbery theft phone" },
  { says: ["carjacked", "carjacking"], means: "robbery vehicle" },
  {
    says: ["nicked", "pinched", "swiped", "nicking", "half inched", "thieving"],
    means: "theft stolen",
  },
  { says: ["stolen", "stole", "steal", "stealing", "thief", "thieves", "theif"], means: "theft" },
  { says: ["pickpocket", "pickpocketed", "pick pocket", "pickpocketing"], means: "theft" },
  { says: ["shoplifting", "shoplifter", "shoplifted"], means: "theft shop" },
  { says: ["parcel stolen", "stolen parcel", "porch pirate"], means: "theft" },
  { says: ["bike stolen", "stolen bike", "bicycle stolen", "bike nicked"], means: "bicycle theft" },
  // Burglary
  {
    says: [
      "break in",
      "broken into",
      "broke into",
      "burgled",
      "burgle",
      "burglar",
      "intruder",
      "burgulary",
      "burglery",
      "buglary",
      "burgalry",
    ],
    means: "burglary",
  },
  // Vehicles
  {
    says: [
      "car broken into",
      "van broken into",
      "car break in",
      "car stolen",
      "stolen car",
      "car theft",
      "catalytic converter",
      "number plates stolen",
    ],
    means: "vehicle crime",
  },
  { says: ["abandoned car", "abandoned vehicle", "dumped car"], means: "abandoned vehicle" },
  // Damage
  {
    says: [
      "keyed car",
      "car keyed",
      "scratched car",
      "slashed tyres",
      "tyres slashed",
      "smashed window",
      "broken window",
      "vandalism",
      "vandalised",
      "vandals",
      "vandalized",
    ],
    means: "criminal damage",
  },
  { says: ["graffiti", "tagging", "spray painted"], means: "criminal damage" },
  { says: ["set on fire", "fire started on purpose", "arsonist"], means: "arson criminal damage" },
  // Antisocial behaviour
  {
    says: [
      "noisy neighbours",
      "noisy neighbour",
      "nuisance neighbours",
      "neighbour from hell",
      "loud music",
      "rowdy",
      "youths hanging around",
      "gangs of youths",
      "asb",
      "anti social",
      "antisocail",
      "aggressive begging",
    ],
    means: "antisocial behaviour",
  },
  { says: ["behavior"], means: "behaviour" },
  { says: ["fly tipping", "dumped rubbish"], means: "fly-tipping council" },
  // Roads
  {
    says: [
      "crash",
      "car crash",
      "accident",
      "car accident",
      "road accident",
      "prang",
      "bumped",
      "shunt",
      "knocked off my bike",
      "colision",
      "collission",
      "rtc",
    ],
    means: "road traffic collision",
  },
  { says: ["hit and run", "drove off after crash"], means: "road traffic collision fail to stop" },
  {
    says: ["drove into", "crashed into", "reversed into", "ran into my car", "hit my car"],
    means: "road traffic collision",
  },
  {
    says: ["drunk driver", "drunk driving", "drink driver", "over the limit", "drug driving"],
    means: "drink driving",
  },
  {
    says: ["speeding", "speeders", "boy racers", "bad driving", "reckless driving"],
    means: "dangerous driving",
  },
  { says: ["dashcam", "dash cam", "dashcam footage", "helmet camera"], means: "driving footage" },
  { says: ["escooter", "electric scooter"], means: "e-scooter" },
  // Violence, weapons and drugs
  {
    says: ["attacked", "beaten up", "punched", "assaulted", "gbh", "abh"],
    means: "assault violence",
  },
  {
    says: ["knife", "stabbing", "stabbed", "carrying a knife", "gun", "weapon"],
    means: "weapons knife crime",
  },
  {
    says: ["drug dealing", "drug dealer", "cannabis", "weed", "county lines"],
    means: "drugs",
  },
  // Hate, harassment, stalking and abuse
  {
    says: ["racist", "racism", "racist abuse", "homophobic", "transphobic", "disablist"],
    means: "hate crime",
  },
  {
    says: [
      "being followed",
      "followed me",
      "followed home",
      "following me",
      "being watched",
      "cyberstalking",
      "cyber stalking",
    ],
    means: "stalking",
  },
  {
    says: ["harassed", "harrassment", "harasment", "harrasment", "pestered"],
    means: "harassment stalking",
  },
  {
    says: [
      "trolling",
      "threatening messages",
      "abusive messages",
      "online abuse",
      "revenge porn",
      "sextortion",
    ],
    means: "online harassment abuse",
  },
  {
    says: [
      "domestic violence",
      "dv",
      "abusive partner",
      "partner hits me",
      "coercive control",
      "controlling relationship",
      "abusive relationship",
    ],
    means: "domestic abuse",
  },
  {
    says: ["rape", "raped", "sexual assault", "groped", "indecent exposure", "flashing", "spiked"],
    means: "sexual offences",
  },
  { says: ["child abuse", "child at risk", "child neglect", "grooming"], means: "child abuse" },
  { says: ["trafficking", "forced labour", "slavery"], means: "modern slavery" },
  // Fraud and scams
  {
    says: [
      "scam",
      "scammed",
      "scammer",
      "conned",
      "con",
      "ripped off",
      "phishing",
      "fake email",
      "fake text",
      "fraudster",
      "identity theft",
      "stolen identity",
    ],
    means: "fraud scam",
  },
  { says: ["hacked", "hacking", "account hacked", "cyber crime", "cybercrime"], means: "fraud" },
  {
    says: ["rogue trader", "bogus caller", "cold caller", "doorstep crime", "bogus builder"],
    means: "doorstep fraud",
  },
  // Lost and found
  {
    says: [
      "lost",
      "lost phone",
      "lost wallet",
      "lost purse",
      "lost keys",
      "left my bag",
      "found something",
      "found a wallet",
      "found property",
    ],
    means: "lost property",
  },
  // Feedback
  {
    says: [
      "complain",
      "complaining",
      "unhappy with the police",
      "officer was rude",
      "rude officer",
      "bad service",
    ],
    means: "complaint",
  },
  {
    says: ["thank an officer", "thanks", "thank you", "praise", "well done", "say thank you"],
    means: "compliment",
  },
  // Missing people, terrorism and other crimes
  { says: ["missing", "runaway", "gone missing", "not come home"], means: "missing person" },
  {
    says: ["suspicious package", "terrorist", "extremism", "extremist", "radicalisation"],
    means: "terrorism",
  },
  { says: ["dog attack", "dog bit me", "dangerous dog", "out of control dog"], means: "dog" },
  // Our services and the site itself
  {
    says: [
      "crime reference number",
      "crime number",
      "reference number",
      "case number",
      "update on my report",
      "check my report",
      "progress of my report",
    ],
    means: "track your report",
  },
  {
    says: [
      "local police",
      "local officers",
      "my local team",
      "neighbourhood team",
      "safer neighbourhood team",
      "pcso",
      "beat officer",
      "ward officers",
    ],
    means: "your area neighbourhood policing team",
  },
  {
    says: ["crime map", "crime stats", "crime statistics", "crime rate", "crime near me"],
    means: "crime your area",
  },
  {
    says: ["phone number", "non emergency", "non-emergency", "telephone", "textphone"],
    means: "call 101",
  },
  { says: ["emergency", "urgent", "in danger"], means: "999 emergency" },
  {
    says: ["gun licence", "shotgun certificate", "shotgun licence", "firearm licence"],
    means: "firearms licence",
  },
  { says: ["license"], means: "licence" },
  { says: ["speed awareness", "speeding course"], means: "speed awareness course" },
  {
    says: ["dbs", "dbs check", "criminal record check", "police check", "police certificate"],
    means: "criminal record check",
  },
  { says: ["foi", "freedom of information"], means: "freedom of information request" },
  {
    says: ["my data", "subject access", "sar", "information you hold about me"],
    means: "personal information data",
  },
  { says: ["stopped and searched", "searched by police"], means: "stop and search" },
  { says: ["arrested", "custody", "bail"], means: "arrest" },
  { says: ["saw a crime", "i saw", "eyewitness"], means: "witness" },
  {
    says: ["help after a crime", "victim help", "victim support", "support for victims"],
    means: "victim support",
  },
  { says: ["jobs", "careers", "join the police", "recruitment"], means: "careers jobs" },
  { says: ["data protection", "gdpr"], means: "privacy" },
];
