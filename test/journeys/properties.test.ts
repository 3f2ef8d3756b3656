// Property tests of the runner over HTTP: random sequences of requests, one visitor per run,
// against one form at a time. Whatever the sequence (pages on and off the path, unknown
// pages, exits, valid, invalid and random bodies, changes, submits at any moment, a bad
// CSRF token), the server never answers 5xx, and it only ever stores a submission whose
// answers are a complete path and are exactly answersOnPath of themselves.
//
// The pure engine is the model: before each request the test predicts the status and the
// redirect from the answers it expects the journey to hold, so a runner that strays from
// the engine (stores an answer it refused, lets a page off the path through, submits an
// unfinished journey) fails at the first request where it does.
//
// SQLite is enough here; the generated-journey suite covers both dialects. Reproduce a
// failure with FC_SEED=<seed> (and FC_PATH=<path>) from the report.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  type Answers,
  acceptAnswer,
  answersOnPath,
  CHECK_ANSWERS,
  canVisit,
  computePath,
  type FormDefinition,
  isCompletePath,
  nextPageAfter,
  stepKind,
} from "../../src/forms/engine/index.ts";
import { fieldNames } from "../../src/forms/questions/index.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { type Body, pageBodies, pageInvalidBodies } from "./answer-generator.ts";
import { fixedNow, shippedForms, TODAY } from "./forms.ts";
import {
  countSubmissions,
  type StoredSubmission,
  storedSubmission,
  storedSubmissions,
} from "./submissions.ts";
import { location, REFERENCE, type Response, referenceOn, Visitor } from "./visitor.ts";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 40);
const options = { today: TODAY };

type BodySpec =
  | { kind: "valid"; pick: number }
  | { kind: "invalid"; pick: number }
  | { kind: "random"; body: Body };

type Action =
  /** GET the page the person should be on, then answer it (or send, at check your answers). */
  | { kind: "advance"; pick: number }
  | { kind: "get"; step: string; change: boolean }
  | { kind: "post"; step: string; body: BodySpec; change: boolean }
  | { kind: "submit" }
  | { kind: "bad-csrf"; step: string; token: "missing" | "wrong" | "twice" };

/** What the journey should hold, as far as the server has said. */
type Model = { answers: Answers; hasJourney: boolean; submitted: boolean };

function arbitraryActions(form: FormDefinition): fc.Arbitrary<Action[]> {
  const pageIds = form.pages.map((p) => p.id);
  const steps = [
    ...pageIds,
    ...form.exits.map((e) => e.id),
    CHECK_ANSWERS,
    "confirmation",
    "no-such-page",
    "start",
  ];
  const names = [
    ...new Set(form.pages.flatMap((p) => p.questions.flatMap((q) => fieldNames(q)))),
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "x",
  ];
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "yes",
        "no",
        "dont-know",
        "",
        " ",
        "0",
        "-1",
        "1e3",
        "31",
        "2",
        "2025",
        "£1,000.999",
        "SW1A 2AA",
      ),
    },
    { weight: 1, arbitrary: fc.constant("z".repeat(12_000)) },
  );
  const randomBody = fc.dictionary(
    fc.constantFrom(...names),
    fc.oneof(text, fc.array(text, { maxLength: 3 })),
    { maxKeys: 5 },
  );
  const body: fc.Arbitrary<BodySpec> = fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "valid" as const, pick })) },
    { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "invalid" as const, pick })) },
    { weight: 2, arbitrary: randomBody.map((b) => ({ kind: "random" as const, body: b as Body })) },
  );
  const action: fc.Arbitrary<Action> = fc.oneof(
    { weight: 12, arbitrary: fc.nat().map((pick) => ({ kind: "advance" as const, pick })) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("get" as const),
        step: fc.constantFrom(...steps),
        change: fc.boolean(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("post" as const),
        step: fc.constantFrom(...steps),
        body,
        change: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "submit" as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("bad-csrf" as const),
        step: fc.constantFrom(...pageIds, CHECK_ANSWERS),
        token: fc.constantFrom("missing" as const, "wrong" as const, "twice" as const),
      }),
    },
  );
  return fc.array(action, { minLength: 1, maxLength: 80, size: "max" });
}

/** What the server does with lone surrogates in a form body: they arrive as U+FFFD. */
function wellFormed(body: Body): Body {
  const out: Body = {};
  for (const [k, v] of Object.entries(body)) {
    const key = k.toWellFormed();
    const values = Array.isArray(v) ? v : [v];
    // As parsed from the wire: a field sent once is a string; a field sent never is absent.
    const fixed = values.map((s) => s.toWellFormed());
    if (fixed.length === 0) continue;
    Object.defineProperty(out, key, {
      value: fixed.length === 1 ? fixed[0] : fixed,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function bodyFor(form: FormDefinition, step: string, spec: BodySpec): Body {
  const page = form.pages.find((p) => p.id === step);
  if (spec.kind === "random") return wellFormed(spec.body);
  if (!page) return {};
  if (spec.kind === "valid") {
    const bodies = pageBodies(form, page, TODAY);
    return bodies[spec.pick % bodies.length];
  }
  const bodies = pageInvalidBodies(form, page, TODAY).map((b) => b.body);
  return bodies.length > 0 ? bodies[spec.pick % bodies.length] : {};
}

/**
 * A valid answer to the page, mostly one that does not end the journey at an exit: random
 * answers would otherwise stop at "Call 999 now" half the time and rarely send anything.
 */
function advancing(form: FormDefinition, answers: Answers, step: string, pick: number): Body {
  const page = form.pages.find((p) => p.id === step)!;
  const bodies = pageBodies(form, page, TODAY);
  const onwards = bodies.filter((body) => {
    const result = acceptAnswer(form, step, body, { answers, today: TODAY });
    if (!result.ok) return false;
    const end = computePath(form, { ...answers, ...result.answers }, options).end;
    return end === null || end === CHECK_ANSWERS;
  });
  const from = pick % 5 === 0 || onwards.length === 0 ? bodies : onwards;
  return from[Math.floor(pick / 5) % from.length];
}

type Expected = { status: number; location?: string };

function describeResponse(response: Response): string {
  return `${response.statusCode} ${location(response) ?? ""}`.trim();
}

async function runActions(t: TestApp, form: FormDefinition, actions: Action[]): Promise<void> {
  const base = `/services/${form.id}`;
  const url = (step: string, change = false) => `${base}/${step}${change ? "?change=1" : ""}`;
  const db = t.database.handle.db;
  const visitor = new Visitor(t.app);
  const model: Model = { answers: {}, hasJourney: false, submitted: false };
  const active = () => (model.hasJourney && !model.submitted ? model.answers : {});
  const next = (answers: Answers) => url(computePath(form, answers, options).next);
  const log: string[] = [];

  const expect = (response: Response, expected: Expected, what: string) => {
    log.push(`${what} → ${describeResponse(response)}`);
    const where = `${form.id}: after\n  ${log.join("\n  ")}\n`;
    assert.ok(response.statusCode < 500, `${where}the server failed`);
    assert.equal(response.statusCode, expected.status, `${where}expected ${expected.status}`);
    if (expected.location !== undefined)
      assert.equal(location(response), expected.location, `${where}the redirect`);
  };

  const get = async (step: string, change = false) => {
    const response = await visitor.get(url(step, change));
    let expected: Expected;
    if (step === "confirmation") {
      expected = model.submitted ? { status: 200 } : { status: 303, location: base };
    } else if (!stepKind(form, step)) {
      expected = { status: 404 };
    } else if (canVisit(form, active(), step, options)) {
      expected = { status: 200 };
    } else {
      expected = { status: 303, location: next(active()) };
    }
    expect(response, expected, `GET ${step}${change ? "?change=1" : ""}`);
  };

  const submit = async () => {
    const before = await countSubmissions(db);
    const response = await visitor.post(url(CHECK_ANSWERS), {});
    let expected: Expected;
    let sends: Answers | undefined;
    if (!model.hasJourney) expected = { status: 303, location: base };
    else if (model.submitted) expected = { status: 303, location: `${base}/confirmation` };
    else if (!isCompletePath(form, model.answers, options))
      expected = { status: 303, location: next(model.answers) };
    else {
      expected = { status: 303, location: `${base}/confirmation` };
      sends = answersOnPath(form, model.answers, options);
    }
    expect(response, expected, "POST check-answers");
    const added = (await countSubmissions(db)) - before;
    if (sends) {
      assert.equal(added, 1, `${form.id}: one submission stored\n  ${log.join("\n  ")}`);
      model.submitted = true;
      model.answers = {};
      // The person reads their reference; the submission under it holds the path's answers.
      const confirmation = await visitor.get(`${base}/confirmation`);
      expect(confirmation, { status: 200 }, "GET confirmation");
      const reference = referenceOn(confirmation.body) ?? "";
      assert.match(reference, REFERENCE);
      const stored = await storedSubmission(db, reference);
      assert.deepEqual(
        stored?.answers,
        sends,
        `${form.id}: the submission holds the answers on the path`,
      );
    } else {
      assert.equal(added, 0, `${form.id}: nothing stored\n  ${log.join("\n  ")}`);
    }
  };

  const post = async (step: string, body: Body, change: boolean) => {
    const kind = stepKind(form, step);
    if (kind === "check-answers") return submit();
    const count = await countSubmissions(db);
    const response = await visitor.post(url(step, change), body);
    const what = `POST ${step}${change ? "?change=1" : ""} ${JSON.stringify(body).slice(0, 100)}`;
    if (kind !== "page") {
      expect(response, { status: 404 }, what);
    } else {
      const answers = active();
      if (!canVisit(form, answers, step, options)) {
        expect(response, { status: 303, location: next(answers) }, what);
      } else {
        const result = acceptAnswer(form, step, body, { answers, today: TODAY });
        if (!result.ok) {
          expect(response, { status: 422 }, what);
        } else {
          const stored = { ...answers, ...result.answers };
          let target: string;
          if (change) {
            const n = computePath(form, stored, options).next;
            target = url(n, stepKind(form, n) === "page");
          } else {
            target = url(nextPageAfter(form, stored, step, options) ?? CHECK_ANSWERS);
          }
          expect(response, { status: 303, location: target }, what);
          model.answers = stored;
          model.hasJourney = true;
          model.submitted = false;
        }
      }
    }
    assert.equal(await countSubmissions(db), count, `${what} stored a submission`);
  };

  // A first page gives the CSRF cookie and token, as it would in a browser.
  await get(form.start);
  for (const action of actions) {
    switch (action.kind) {
      case "advance": {
        // On at an exit: back to the last page, for another answer.
        const path = computePath(form, active(), options);
        const step = stepKind(form, path.next) === "exit" ? path.pages.at(-1)! : path.next;
        await get(step);
        if (step === CHECK_ANSWERS) await submit();
        else await post(step, advancing(form, active(), step, action.pick), false);
        break;
      }
      case "get":
        if (action.step === "start") {
          const response = await visitor.get(base);
          expect(response, { status: 200 }, "GET the start page");
        } else await get(action.step, action.change);
        break;
      case "post":
        if (action.step === "start") {
          // Only a form that takes a prefill has a Start form; with nothing in it, it starts
          // nothing and goes to the first page.
          const response = await visitor.post(base, {});
          expect(
            response,
            form.prefill.length > 0 ? { status: 303, location: url(form.start) } : { status: 404 },
            "POST the start page",
          );
        } else await post(action.step, bodyFor(form, action.step, action.body), action.change);
        break;
      case "submit":
        await submit();
        break;
      case "bad-csrf": {
        const count = await countSubmissions(db);
        const body = bodyFor(form, action.step, { kind: "valid", pick: 0 });
        const response =
          action.token === "missing"
            ? await visitor.post(url(action.step), body, { csrf: false })
            : await visitor.post(
                url(action.step),
                {
                  ...body,
                  _csrf:
                    action.token === "wrong"
                      ? "not-the-token"
                      : [visitor.token ?? "", visitor.token ?? ""],
                },
                { csrf: false },
              );
        expect(
          response,
          { status: 403 },
          `POST ${action.step} with the CSRF token ${action.token}`,
        );
        assert.equal(await countSubmissions(db), count);
        break;
      }
    }
  }
}

/** Every stored submission, of any form, is a complete path holding only the answers on it. */
function assertSubmissionsAreCompletePaths(rows: StoredSubmission[]) {
  for (const row of rows) {
    const form = shippedForms.find((f) => f.id === row.formId);
    assert.ok(form, `a submission for an unknown form: ${row.formId}`);
    assert.ok(
      isCompletePath(form, row.answers, options),
      `${row.reference} is not a complete path: ${JSON.stringify(row.answers)}`,
    );
    assert.deepEqual(
      answersOnPath(form, row.answers, options),
      row.answers,
      `${row.reference} holds answers off its path`,
    );
  }
}

describe("random requests against the forms runner (SQLite)", () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp("sqlite", { POST_RATE_LIMIT: "1000000" }, { now: fixedNow });
  });
  after(async () => {
    await t?.close();
  });

  for (const form of shippedForms) {
    it(`${form.id}: never 5xx; every response is the one the engine predicts; only complete paths are stored`, async (c) => {
      const before = await countSubmissions(t.database.handle.db);
      const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
      await fc.assert(
        fc.asyncProperty(arbitraryActions(form), (actions) => runActions(t, form, actions)),
        {
          numRuns: NUM_RUNS,
          ...(seed !== undefined ? { seed, path: process.env.FC_PATH } : {}),
        },
      );
      const rows = await storedSubmissions(t.database.handle.db);
      assertSubmissionsAreCompletePaths(rows);
      const made = rows.length - before;
      c.diagnostic(`${NUM_RUNS} runs, ${made} submissions`);
      assert.ok(made > 0, "the runs reached a submission at least once");
    });
  }
});
