// The generated-journey suite: for every shipped form, on SQLite and PostgreSQL, the
// journeys the planner chose (together they take every branch of every page) are driven
// through the app over HTTP, page by page, to a submission or an exit. The engine is the
// oracle: each POST must redirect where nextPageAfter says, check your answers must show
// summaryRows, and the stored submission must be exactly answersOnPath.
//
// Then, per form: every invalid answer on every page gives the GOV.UK error pattern; a
// change from check your answers that alters the path walks the new pages and drops the
// abandoned answers; a replayed or double-clicked submit makes one submission; and a page
// off the path redirects to the page the person should be on.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Answers,
  acceptAnswer,
  answersOnPath,
  CHECK_ANSWERS,
  canVisit,
  computePath,
  type FormDefinition,
  isCompletePath,
  pageView,
  previousPage,
  stepKind,
  summaryRows,
} from "../../src/forms/engine/index.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/database.ts";
import { acceptedBodies, pageInvalidBodies } from "./answer-generator.ts";
import { fixedNow, shippedForms, TODAY } from "./forms.ts";
import {
  answersAfter,
  finishAtCheckAnswers,
  type Journey,
  journeySteps,
  planJourneys,
  type Step,
} from "./planner.ts";
import { countSubmissions, storedSubmission } from "./submissions.ts";
import {
  backLink,
  elementIds,
  errorSummaryLinks,
  escapeHtml,
  location,
  pageText,
  pageTitle,
  REFERENCE,
  type Response,
  referenceOn,
  squeeze,
  Visitor,
} from "./visitor.ts";

const options = { today: TODAY };
const plans = new Map(shippedForms.map((form) => [form.id, planJourneys(form, TODAY)]));

const base = (form: FormDefinition) => `/services/${form.id}`;
const stepUrl = (form: FormDefinition, step: string, change = false) =>
  `${base(form)}/${step}${change ? "?change=1" : ""}`;

/** What a failing response looked like, for assertion messages. */
function show(response: Response): string {
  const title = pageTitle(response.body);
  const errors = errorSummaryLinks(response.body).map((e) => e.text);
  return `${response.statusCode} ${location(response) ?? ""} "${title}" ${errors.join("; ")}`;
}

/** A short name for a journey: the branching choices it makes and where it ends. */
function journeyName(form: FormDefinition, journey: Journey): string {
  const choices = journey.steps
    .filter((s) => (form.pages.find((p) => p.id === s.page)?.next.length ?? 0) > 1)
    .map((s) => `${s.page}→${s.goto}`);
  return `${choices.join(", ")} (${journey.steps.length} pages, ends at ${journey.end})`;
}

/**
 * Answers each step's page as a person would: GET it (on the path, its title and back link
 * right), POST the body, and follow the 303 where the engine says it goes.
 */
async function walkSteps(
  visitor: Visitor,
  form: FormDefinition,
  steps: Step[],
  start: Answers,
  change = false,
  deadBackLinks: string[] = [],
): Promise<Answers> {
  let answers = start;
  for (const step of steps) {
    const url = stepUrl(form, step.page, change);
    const page = await visitor.get(url);
    assert.equal(page.statusCode, 200, `GET ${url}: ${show(page)}`);
    const { title } = pageView(form, step.page, { answers });
    assert.ok(
      pageTitle(page.body).startsWith(`${title} – `),
      `GET ${url}: the title is "${pageTitle(page.body)}", expected "${title} – …"`,
    );
    if (change) {
      // Whatever the back link is while changing an answer, it must lead somewhere else.
      const back = backLink(page.body) ?? "";
      const followed = await visitor.get(back);
      const here = [stepUrl(form, step.page), stepUrl(form, step.page, true)];
      if (followed.statusCode === 303 && here.includes(location(followed) ?? "")) {
        deadBackLinks.push(`${url}: Back (${back}) redirects to ${location(followed)}`);
      }
    } else {
      const previous = previousPage(form, answers, step.page, options);
      const back = previous ? stepUrl(form, previous) : base(form);
      assert.equal(backLink(page.body), back, `GET ${url}: the back link`);
    }

    const posted = await visitor.post(url, step.body);
    answers = { ...answers, ...step.accepted };
    let expected: string;
    if (change) {
      const next = computePath(form, answers, options).next;
      expected = stepUrl(form, next, stepKind(form, next) === "page");
    } else {
      expected = stepUrl(form, step.goto);
    }
    assert.equal(
      posted.statusCode,
      303,
      `POST ${url} ${JSON.stringify(step.body)}: ${show(posted)}`,
    );
    assert.equal(location(posted), expected, `POST ${url} ${JSON.stringify(step.body)}: redirect`);
  }
  return answers;
}

/** Check your answers lists every answer on the path, each with its Change link, and nothing else. */
async function checkAnswersPage(visitor: Visitor, form: FormDefinition, answers: Answers) {
  const url = stepUrl(form, CHECK_ANSWERS);
  const response = await visitor.get(url);
  assert.equal(response.statusCode, 200, `GET ${url}: ${show(response)}`);
  assert.ok(pageTitle(response.body).startsWith(`${form.checkAnswers.title} – `));
  const text = pageText(response.body);
  const rows = summaryRows(form, answers, options);
  assert.equal(
    (response.body.match(/class="govuk-summary-list__row"/g) ?? []).length,
    rows.length,
    "one row per answer on the path",
  );
  assert.equal(rows.length, Object.keys(answersOnPath(form, answers, options)).length);
  for (const row of rows) {
    assert.ok(text.includes(squeeze(row.key)), `check your answers shows "${row.key}"`);
    for (const line of row.lines) {
      assert.ok(text.includes(squeeze(line)), `check your answers shows ${row.key}: "${line}"`);
    }
    assert.ok(
      response.body.includes(`href="${stepUrl(form, row.pageId, true)}"`),
      `a Change link for "${row.key}"`,
    );
  }
  return response;
}

/** Sends the answers; returns the reference after checking the stored submission. */
async function submitAndConfirm(
  t: TestApp,
  visitor: Visitor,
  form: FormDefinition,
  answers: Answers,
): Promise<string> {
  const db = t.database.handle.db;
  const before = await countSubmissions(db);
  const sent = await visitor.post(stepUrl(form, CHECK_ANSWERS), {});
  assert.equal(sent.statusCode, 303, `submit: ${show(sent)}`);
  assert.equal(location(sent), `${base(form)}/confirmation`);
  const confirmation = await visitor.get(`${base(form)}/confirmation`);
  assert.equal(confirmation.statusCode, 200, `confirmation: ${show(confirmation)}`);
  assert.ok(pageTitle(confirmation.body).startsWith(`${form.confirmation.title} – `));
  const reference = referenceOn(confirmation.body);
  assert.ok(reference && REFERENCE.test(reference), `a reference like K7M2-Q9TX-4: ${reference}`);
  assert.equal(await countSubmissions(db), before + 1, "exactly one new submission");
  const stored = await storedSubmission(db, reference);
  assert.ok(stored, `a submission stored under ${reference}`);
  assert.equal(stored.formId, form.id);
  assert.equal(stored.formVersion, form.version);
  assert.deepEqual(stored.answers, answersOnPath(form, answers, options));
  assert.ok(
    isCompletePath(form, stored.answers, options),
    "the stored answers are a complete path",
  );
  return reference;
}

async function driveJourney(t: TestApp, form: FormDefinition, journey: Journey) {
  const visitor = new Visitor(t.app);
  const start = await visitor.get(base(form));
  assert.equal(start.statusCode, 200);
  assert.ok(
    start.body.includes(`href="${stepUrl(form, form.start)}"`),
    "Start now goes to the first page",
  );
  const before = await countSubmissions(t.database.handle.db);
  const answers = await walkSteps(visitor, form, journey.steps, {});
  assert.deepEqual(answers, journey.answers);
  if (journey.end === CHECK_ANSWERS) {
    await checkAnswersPage(visitor, form, answers);
    await submitAndConfirm(t, visitor, form, answers);
    return;
  }
  const exit = form.exits.find((e) => e.id === journey.end);
  assert.ok(exit, `the journey ends at an exit: ${journey.end}`);
  const response = await visitor.get(stepUrl(form, exit.id));
  assert.equal(response.statusCode, 200, `GET exit ${exit.id}: ${show(response)}`);
  assert.ok(pageTitle(response.body).startsWith(`${exit.title} – `), pageTitle(response.body));
  // Nothing can be sent from an exit.
  const cannotSubmit = await visitor.post(stepUrl(form, CHECK_ANSWERS), {});
  assert.equal(cannotSubmit.statusCode, 303);
  assert.equal(location(cannotSubmit), stepUrl(form, exit.id));
  assert.equal(await countSubmissions(t.database.handle.db), before, "an exit stores nothing");
}

/** Every page's invalid answers, posted where a journey reaches the page. */
async function checkInvalidAnswers(t: TestApp, form: FormDefinition, journeys: Journey[]) {
  const tested = new Set<string>();
  for (const journey of journeys) {
    const visitor = new Visitor(t.app);
    let answers: Answers = {};
    for (const step of journey.steps) {
      if (!tested.has(step.page)) {
        tested.add(step.page);
        const url = stepUrl(form, step.page);
        await visitor.get(url);
        const page = form.pages.find((p) => p.id === step.page)!;
        for (const invalid of pageInvalidBodies(form, page, TODAY)) {
          const where = `POST ${url} with ${invalid.why} ${JSON.stringify(invalid.body).slice(0, 120)}`;
          const expected = acceptAnswer(form, page.id, invalid.body, { answers, today: TODAY });
          assert.ok(!expected.ok, `${where}: the engine accepts this "invalid" body`);
          const response = await visitor.post(url, invalid.body);
          assert.equal(response.statusCode, 422, `${where}: ${show(response)}`);
          assert.match(pageTitle(response.body), /^Error: /, `${where}: the title`);
          const links = errorSummaryLinks(response.body);
          assert.deepEqual(
            links,
            expected.errors.map((e) => ({ href: e.href, text: squeeze(e.text) })),
            `${where}: the error summary`,
          );
          const ids = elementIds(response.body);
          for (const link of links) {
            assert.ok(
              ids.has(link.href.slice(1)),
              `${where}: the summary links to ${link.href}, which is not on the page`,
            );
          }
          for (const e of expected.errors) {
            assert.ok(
              response.body.includes(
                `<span class="govuk-visually-hidden">Error:</span> ${escapeHtml(e.text)}`,
              ),
              `${where}: the message "${e.text}" by the field`,
            );
          }
          for (const typed of invalid.kept) {
            assert.ok(
              response.body.includes(escapeHtml(typed)),
              `${where}: what was typed ("${typed.slice(0, 40)}") is kept`,
            );
          }
        }
        // Nothing was stored: the page is still the one to answer.
        const again = await visitor.get(url);
        assert.equal(again.statusCode, 200, `GET ${url} after errors: ${show(again)}`);
      }
      answers = await walkSteps(visitor, form, [step], answers);
    }
  }
  const untested = form.pages.map((p) => p.id).filter((id) => !tested.has(id));
  assert.deepEqual(untested, [], "every page's errors were checked");
}

/**
 * A change from check your answers that alters the path: an early answer whose new value
 * leads to pages not yet answered, and leaves some answers on a branch no longer taken.
 */
function findRerouting(form: FormDefinition, journeys: Journey[]) {
  for (const journey of journeys.filter((j) => j.end === CHECK_ANSWERS)) {
    for (let k = 0; k < journey.steps.length; k++) {
      const step = journey.steps[k];
      const page = form.pages.find((p) => p.id === step.page)!;
      const before = answersAfter(journey.steps.slice(0, k));
      for (const choice of acceptedBodies(form, page, before, TODAY).accepted) {
        const changed = { ...journey.answers, ...choice.accepted };
        const path = computePath(form, changed, options);
        if (path.firstUnanswered === null) continue;
        const rest = finishAtCheckAnswers(form, changed, TODAY);
        if (!rest) continue;
        const final = answersAfter(rest, changed);
        const kept = answersOnPath(form, final, options);
        const abandoned = Object.keys(answersOnPath(form, journey.answers, options)).filter(
          (id) => !Object.hasOwn(kept, id),
        );
        if (abandoned.length > 0) return { journey, step, choice, rest, final, abandoned };
      }
    }
  }
  return undefined;
}

async function checkRerouting(t: TestApp, form: FormDefinition, journeys: Journey[]) {
  const found = findRerouting(form, journeys);
  assert.ok(
    found,
    `${form.id}: no answer can be changed from check your answers to take another branch`,
  );
  const { journey, step, choice, rest, final, abandoned } = found;
  const visitor = new Visitor(t.app);
  await walkSteps(visitor, form, journey.steps, {});
  await checkAnswersPage(visitor, form, journey.answers);

  const url = stepUrl(form, step.page, true);
  const page = await visitor.get(url);
  assert.equal(page.statusCode, 200, `GET ${url}: ${show(page)}`);
  assert.equal(
    backLink(page.body),
    stepUrl(form, CHECK_ANSWERS),
    "the back link returns to check your answers",
  );
  const changed = { ...journey.answers, ...choice.accepted };
  const posted = await visitor.post(url, choice.body);
  const next = computePath(form, changed, options).next;
  assert.equal(posted.statusCode, 303, show(posted));
  assert.equal(
    location(posted),
    stepUrl(form, next, true),
    "on to the first new page, still changing",
  );
  assert.equal(rest[0]?.page, next);
  const deadBackLinks: string[] = [];
  const answers = await walkSteps(visitor, form, rest, changed, true, deadBackLinks);
  assert.deepEqual(answers, final);
  await checkAnswersPage(visitor, form, answers);
  const reference = await submitAndConfirm(t, visitor, form, answers);
  const stored = await storedSubmission(t.database.handle.db, reference);
  for (const id of abandoned) {
    assert.ok(Object.hasOwn(journey.answers, id), `${id} was answered before the change`);
    assert.ok(!Object.hasOwn(stored?.answers ?? {}, id), `the abandoned answer ${id} was not sent`);
  }
  // Known bug, reported: on a page that a change added, the back link is check your answers,
  // which cannot be shown until that page is answered and so redirects straight back here
  // (and out of change mode). See src/forms/runner/routes.ts, renderQuestion's backLink.
  assert.deepEqual(
    deadBackLinks,
    [],
    "BUG (runner): while walking the pages a change added, Back goes to check your answers, which redirects back to the same page, so Back does nothing and the change mode is lost. Expected Back to lead to the previous page on the path (still ?change=1), or to check your answers only when the path is complete.",
  );
  return { page: step.page, abandoned };
}

/** A change that keeps the path goes straight back to check your answers, showing the new answer. */
async function checkChangeKeepingPath(t: TestApp, form: FormDefinition, journeys: Journey[]) {
  for (const journey of journeys.filter((j) => j.end === CHECK_ANSWERS)) {
    for (let k = 0; k < journey.steps.length; k++) {
      const step = journey.steps[k];
      const page = form.pages.find((p) => p.id === step.page)!;
      const before = answersAfter(journey.steps.slice(0, k));
      const oldPath = computePath(form, journey.answers, options).pages;
      for (const choice of acceptedBodies(form, page, before, TODAY).accepted) {
        const changed = { ...journey.answers, ...choice.accepted };
        if (JSON.stringify(choice.accepted) === JSON.stringify(step.accepted)) continue;
        if (computePath(form, changed, options).end !== CHECK_ANSWERS) continue;
        if (JSON.stringify(computePath(form, changed, options).pages) !== JSON.stringify(oldPath))
          continue;
        const visitor = new Visitor(t.app);
        await walkSteps(visitor, form, journey.steps, {});
        const url = stepUrl(form, step.page, true);
        await visitor.get(url);
        const posted = await visitor.post(url, choice.body);
        assert.equal(posted.statusCode, 303, show(posted));
        assert.equal(
          location(posted),
          stepUrl(form, CHECK_ANSWERS),
          "straight back to check your answers",
        );
        await checkAnswersPage(visitor, form, changed);
        await submitAndConfirm(t, visitor, form, changed);
        return step.page;
      }
    }
  }
  assert.fail(`${form.id}: no answer can be changed without changing the path`);
}

/** A replayed submit and a double click each give one submission and one reference. */
async function checkIdempotentSubmit(t: TestApp, form: FormDefinition, journey: Journey) {
  const db = t.database.handle.db;
  const visitor = new Visitor(t.app);
  await walkSteps(visitor, form, journey.steps, {});
  const reference = await submitAndConfirm(t, visitor, form, journey.answers);
  const count = await countSubmissions(db);
  for (let i = 0; i < 2; i++) {
    const replay = await visitor.post(stepUrl(form, CHECK_ANSWERS), {});
    assert.equal(replay.statusCode, 303, show(replay));
    assert.equal(location(replay), `${base(form)}/confirmation`);
  }
  const confirmation = await visitor.get(`${base(form)}/confirmation`);
  assert.equal(referenceOn(confirmation.body), reference, "the replay shows the same reference");
  assert.equal(await countSubmissions(db), count, "a replayed submit stores nothing more");

  // A double click: two submits of the same journey at once.
  const clicker = new Visitor(t.app);
  await walkSteps(clicker, form, journey.steps, {});
  await clicker.get(stepUrl(form, CHECK_ANSWERS));
  const both = await Promise.all([
    clicker.post(stepUrl(form, CHECK_ANSWERS), {}),
    clicker.post(stepUrl(form, CHECK_ANSWERS), {}),
  ]);
  for (const response of both) {
    assert.equal(response.statusCode, 303, show(response));
    assert.equal(location(response), `${base(form)}/confirmation`);
  }
  assert.equal(await countSubmissions(db), count + 1, "a double click stores one submission");
  const shown = referenceOn((await clicker.get(`${base(form)}/confirmation`)).body);
  assert.ok(shown && REFERENCE.test(shown) && shown !== reference);
  const stored = await storedSubmission(db, shown);
  assert.deepEqual(stored?.answers, answersOnPath(form, journey.answers, options));
}

/** At every step of a journey, every page, exit and check your answers off the path redirects. */
async function checkOffPath(t: TestApp, form: FormDefinition, journey: Journey) {
  const visitor = new Visitor(t.app);
  const steps = [...form.pages.map((p) => p.id), ...form.exits.map((e) => e.id), CHECK_ANSWERS];
  let answers: Answers = {};
  let redirects = 0;
  for (const [i, step] of [...journey.steps, undefined].entries()) {
    const next = stepUrl(form, computePath(form, answers, options).next);
    for (const id of steps) {
      if (canVisit(form, answers, id, options)) continue;
      const response = await visitor.get(stepUrl(form, id));
      assert.equal(response.statusCode, 303, `GET ${id} off the path: ${show(response)}`);
      assert.equal(location(response), next, `GET ${id} off the path`);
      redirects++;
    }
    // Posting to pages off the path stores nothing: a few each step.
    const offPages = form.pages.filter((p) => !canVisit(form, answers, p.id, options));
    for (const page of offPages.slice(i % 3, (i % 3) + 2)) {
      await visitor.get(next);
      const body = acceptedBodies(form, page, answers, TODAY).accepted[0]?.body ?? {};
      const response = await visitor.post(stepUrl(form, page.id), body);
      assert.equal(response.statusCode, 303, `POST ${page.id} off the path: ${show(response)}`);
      assert.equal(location(response), next, `POST ${page.id} off the path`);
    }
    if (step) answers = await walkSteps(visitor, form, [step], answers);
  }
  assert.ok(redirects > 0);

  // Things that are not steps at all, and things that need a journey.
  const fresh = new Visitor(t.app);
  assert.equal((await fresh.get(`${base(form)}/no-such-page`)).statusCode, 404);
  assert.equal((await fresh.get("/services/no-such-service/emergency")).statusCode, 404);
  const confirmation = await fresh.get(`${base(form)}/confirmation`);
  assert.equal(confirmation.statusCode, 303, "no confirmation before a submission");
  assert.equal(location(confirmation), base(form));
  await fresh.get(stepUrl(form, form.start));
  const submitNothing = await fresh.post(stepUrl(form, CHECK_ANSWERS), {});
  assert.equal(submitNothing.statusCode, 303, "submitting without a journey");
  assert.equal(location(submitNothing), base(form));
  const exit = form.exits[0];
  assert.equal(
    (await fresh.post(stepUrl(form, exit.id), {})).statusCode,
    404,
    "an exit takes no POST",
  );
  const noToken = await fresh.post(stepUrl(form, form.start), journey.steps[0].body, {
    csrf: false,
  });
  assert.equal(noToken.statusCode, 403, "a POST without the CSRF token is refused");
  return redirects;
}

for (const dialect of testDialects()) {
  describe(`generated journeys on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(dialect, { POST_RATE_LIMIT: "1000000" }, { now: fixedNow });
    });
    after(async () => {
      await t?.close();
    });

    it("keeps a journey per service: every form at once in one session, interleaved, each sent with its own answers", async () => {
      const visitor = new Visitor(t.app);
      const walks = shippedForms.map((form) => ({
        form,
        journey: plans.get(form.id)!.journeys.find((j) => j.end === CHECK_ANSWERS)!,
        answers: {} as Answers,
      }));
      const longest = Math.max(...walks.map((w) => w.journey.steps.length));
      for (let i = 0; i < longest; i++) {
        for (const w of walks) {
          const step = w.journey.steps[i];
          if (step) w.answers = await walkSteps(visitor, w.form, [step], w.answers);
        }
      }
      for (const w of walks) {
        await checkAnswersPage(visitor, w.form, w.answers);
        await submitAndConfirm(t, visitor, w.form, w.answers);
      }
    });

    for (const form of shippedForms) {
      const plan = plans.get(form.id)!;
      describe(form.id, () => {
        it("the planned journeys take every branch", () => {
          assert.deepEqual(plan.uncovered, [], `${form.id}: branches no planned journey takes`);
        });

        plan.journeys.forEach((journey, i) => {
          it(`journey ${i + 1} of ${plan.journeys.length}: ${journeyName(form, journey)}`, async () => {
            await driveJourney(t, form, journey);
          });
        });

        it("every page refuses invalid answers with the GOV.UK error pattern, keeping what was typed", async () => {
          await checkInvalidAnswers(t, form, plan.journeys);
        });

        it("a change from check your answers that alters the path walks the new pages and drops the abandoned answers", async (c) => {
          const { page, abandoned } = await checkRerouting(t, form, plan.journeys);
          c.diagnostic(`changed ${page}; abandoned ${abandoned.join(", ")}`);
        });

        it("a change that keeps the path goes straight back to check your answers", async (c) => {
          c.diagnostic(`changed ${await checkChangeKeepingPath(t, form, plan.journeys)}`);
        });

        it("a replayed or double-clicked submit gives one submission", async () => {
          const journey = plan.journeys.find((j) => j.end === CHECK_ANSWERS)!;
          await checkIdempotentSubmit(t, form, journey);
        });

        it("pages off the path redirect to the page the person should be on", async (c) => {
          const longest = plan.journeys
            .filter((j) => j.end === CHECK_ANSWERS)
            .reduce((a, b) => (b.steps.length > a.steps.length ? b : a));
          c.diagnostic(
            `${await checkOffPath(t, form, longest)} redirects along ${journeySteps(longest).length} steps`,
          );
        });
      });
    }
  });
}
