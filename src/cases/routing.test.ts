// Where each shipped service's cases go, on both dialects: the form's routing rules, the
// facts from where it happened, and the teams that exist together decide the queue.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestDatabase, testDialects } from "../../test/helpers/database.ts";
import { loadConfig } from "../config.ts";
import {
  type Answers,
  type Facts,
  loadFormDefinitions,
  routeCandidates,
} from "../forms/engine/index.ts";
import { deriveFacts } from "./facts.ts";
import { resolveQueue, seedTeams } from "./teams.ts";

const config = loadConfig({ NODE_ENV: "test" });
const forms = loadFormDefinitions(config.formsDir);
const form = (id: string) => {
  const found = forms.get(id);
  assert.ok(found, id);
  return found;
};

const inCamden = {
  borough: "E09000007",
  boroughName: "Camden",
  neighbourhood: "E05013660",
  neighbourhoodName: "Regent's Park",
};
const lookup = async (postcode: string) => (postcode === "NW1 7AB" ? inCamden : undefined);

/** The area a report was started from (an area page's report link), kept on the journey. */
const fromCamdenTown = {
  borough: "E09000007",
  boroughName: "Camden",
  neighbourhood: "E05013655",
  neighbourhoodName: "Camden Town",
};
const inIslington = {
  borough: "E09000019",
  boroughName: "Islington",
  neighbourhood: "E05013705",
  neighbourhoodName: "Highbury",
};

type Case = {
  form: string;
  answers: Answers;
  team: string;
  why: string;
  startedFrom?: typeof fromCamdenTown;
};

const cases: Case[] = [
  {
    form: "report-a-theft",
    answers: { "how-stolen": "from-person", "where-postcode": "NW1 7AB" },
    team: "online-crime-triage",
    why: "theft from a person goes to triage",
  },
  {
    form: "report-a-theft",
    answers: {
      "how-stolen": "shop",
      "shop-address": { line1: "1 High St", town: "London", postcode: "NW1 7AB" },
    },
    team: "camden-neighbourhood",
    why: "shoplifting goes to the shop's neighbourhood team",
  },
  {
    form: "report-a-theft",
    answers: {
      "how-stolen": "shop",
      "shop-address": { line1: "1 High St", town: "Luton", postcode: "LU1 1AA" },
    },
    team: "online-crime-triage",
    why: "a shop outside the area falls back to triage",
  },
  {
    form: "report-antisocial-behaviour",
    answers: { "where-known": "postcode", "where-postcode": "NW1 7AB" },
    team: "camden-neighbourhood",
    why: "antisocial behaviour goes to the local team",
  },
  {
    form: "report-antisocial-behaviour",
    answers: { "where-known": "description", "where-description": "By the canal" },
    team: "online-crime-triage",
    why: "no postcode: triage decides",
  },
  {
    form: "report-antisocial-behaviour",
    answers: { "where-known": "description", "where-description": "By the canal" },
    startedFrom: fromCamdenTown,
    team: "camden-neighbourhood",
    why: "no postcode, but started from an area page: that area's team",
  },
  {
    form: "report-antisocial-behaviour",
    answers: { "where-known": "postcode", "where-postcode": "NW1 7AB" },
    startedFrom: inIslington,
    team: "camden-neighbourhood",
    why: "a postcode the lookup places wins over the area page it was started from",
  },
  {
    form: "report-a-theft",
    answers: {
      "how-stolen": "shop",
      "shop-address": { line1: "1 High St", town: "London", postcode: "ZZ9 9ZZ" },
    },
    startedFrom: inIslington,
    team: "online-crime-triage",
    why: "a shop address the lookup cannot place still wins over the link's area: triage, not the link's team",
  },
  {
    form: "report-a-theft",
    answers: { "how-stolen": "bike", "where-known": "description" },
    startedFrom: fromCamdenTown,
    team: "online-crime-triage",
    why: "the area does not change what the form's routing sends to triage",
  },
  {
    form: "report-a-road-traffic-collision",
    answers: { injuries: "none" },
    team: "roads-policing",
    why: "collisions go to roads policing",
  },
  {
    form: "compliments-complaints-feedback",
    answers: { "feedback-type": "complaint" },
    team: "professional-standards",
    why: "complaints go to professional standards",
  },
  {
    form: "compliments-complaints-feedback",
    answers: { "feedback-type": "compliment" },
    team: "professional-standards",
    why: "and so do compliments",
  },
];

for (const dialect of testDialects()) {
  describe(`routing of every shipped service (${dialect})`, () => {
    test("each lands in the expected team's queue", async () => {
      const database = await createTestDatabase(dialect);
      try {
        await database.handle.migrate();
        await seedTeams(database.handle.db, config.teamsFile, new Date());
        for (const c of cases) {
          const facts: Facts = await deriveFacts(form(c.form), c.answers, lookup, c.startedFrom);
          const team = await resolveQueue(
            database.handle.db,
            routeCandidates(form(c.form), c.answers, facts),
            facts,
          );
          assert.equal(team?.id, c.team, c.why);
        }
        assert.deepEqual(
          [...forms.keys()].filter((id) => !cases.some((c) => c.form === id)),
          [],
          "every shipped service has a routing test",
        );
      } finally {
        await database.cleanup();
      }
    });
  });
}
