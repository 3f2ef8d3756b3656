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

type Case = { form: string; answers: Answers; team: string; why: string };

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
          const facts: Facts = await deriveFacts(form(c.form), c.answers, lookup);
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
