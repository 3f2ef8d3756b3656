// The journey through a service, over HTTP. Thin on purpose: the engine decides the path,
// what is valid and what check your answers shows; these routes load and save the journey,
// follow POST/redirect/GET (303), and render. The path is recomputed from the answers on
// every request, so a page off the path can never be reached by typing its address.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../app.ts";
import { findQuestionsOfType } from "../../cases/answers.ts";
import { createCase, trackingCodeFor } from "../../cases/create.ts";
import { type AreaLookup, deriveFacts, usesStartedFromArea } from "../../cases/facts.ts";
import { resolveQueue } from "../../cases/teams.ts";
import type { Config } from "../../config.ts";
import { findPublishedServiceStart } from "../../content/repository.ts";
import { areaByCode } from "../../neighbourhoods/area-lookup.ts";
import { renderNotFound } from "../../platform/errors.ts";
import { markupOf, PERSONAL_SLOT } from "../../platform/views.ts";
import { submitOnce } from "../../submissions/repository.ts";
import {
  type Answers,
  acceptAnswer,
  answersAlong,
  answersWithSuggestions,
  CHECK_ANSWERS,
  computePath,
  type FormDefinition,
  findExit,
  findPage,
  isComplete,
  isOnPath,
  mergeAnswers,
  nextPageAfter,
  pageBefore,
  pageView,
  type RawBody,
  routeCandidates,
  stepKind,
  summaryRowsOf,
  todayInUk,
} from "../engine/index.ts";
import { AnswerRows } from "./answer-rows.ts";
import type { FormCatalogue } from "./catalogue.ts";
import { findJourney, type Journey, type JourneyPrefill, startJourney } from "./journeys.ts";
import { checkAnswersPageKey, QuestionPageCache, questionPageKey } from "./question-pages.ts";
import { addToJourney, areaRow, hasAnswers, readStartPrefill } from "./start-prefill.ts";
import { textBlocks } from "./text.ts";

type Params = { formId: string; stepId: string };

const hasReporterEmail = (
  form: FormDefinition,
  answers: Parameters<typeof findQuestionsOfType>[1],
) => findQuestionsOfType(form, answers, "email").length > 0;

export async function formRoutes(
  app: FastifyInstance,
  options: {
    forms: FormCatalogue;
    database: Deps["database"];
    now: () => Date;
    config: Config;
    areaLookup: AreaLookup | undefined;
    /** Tells the outbox worker there is something to send now. */
    wakeOutbox?: () => void;
  },
) {
  const { forms, now } = options;
  const lookUpArea = areaByCode(options.database.db);
  const today = () => todayInUk(now());
  const base = (form: FormDefinition) => `/services/${form.id}`;
  const stepUrl = (form: FormDefinition, step: string, change = false) =>
    `${base(form)}/${step}${change ? "?change=1" : ""}`;

  /** The journey in progress for this form; a submitted one counts as finished. */
  async function activeJourney(
    request: FastifyRequest,
    form: FormDefinition,
  ): Promise<Journey | undefined> {
    const journey = findJourney(await request.getSession(), form.id);
    return journey && !journey.submitted ? journey : undefined;
  }

  function formFor(
    request: FastifyRequest<{ Params: Partial<Params> }>,
  ): FormDefinition | undefined {
    return forms.get(request.params.formId ?? "");
  }

  // In development templates are read again on every render, so pages are not kept either.
  const questionPages = options.config.env === "development" ? undefined : new QuestionPageCache();
  // Check your answers' rows: each question's row kept but for the answer, likewise.
  const answerRows = new AnswerRows({ keep: questionPages !== undefined });

  const commonView = (form: FormDefinition) => ({
    form,
    sensitive: form.sensitive,
    serviceUrl: base(form),
  });

  /**
   * A question page, fresh or re-shown with errors and what the person typed. A question the
   * start link prefilled shows its suggestion until the person answers it.
   */
  function renderQuestion(
    reply: FastifyReply,
    form: FormDefinition,
    pageId: string,
    state: Parameters<typeof pageView>[2],
    change: boolean,
    backLink: string,
    prefill?: JourneyPrefill,
  ) {
    const answers = answersWithSuggestions(state?.answers ?? {}, prefill);
    const back = change ? changeBackLink(form, pageId, state?.answers ?? {}) : backLink;
    const page = findPage(form, pageId);
    const context = () => {
      const view = pageView(form, pageId, { ...state, answers });
      return {
        ...commonView(form),
        title: view.title,
        headingInQuestion: view.headingInQuestion,
        questions: view.questions,
        errorList: view.errorSummary?.errorList,
        blocks: textBlocks(page?.body),
        action: stepUrl(form, pageId, change),
        backLink: back,
      };
    };
    const key =
      questionPages && page
        ? questionPageKey(form, page, {
            answers,
            hasErrors: (state?.errors?.length ?? 0) > 0 || state?.raw !== undefined,
            change,
            backLink: back,
          })
        : undefined;
    if (questionPages && key !== undefined) {
      const cached = questionPages.page(key, () =>
        reply.renderCachedPage("forms/question.njk", context()),
      );
      return reply.sendCachedPage(cached);
    }
    return reply.render("forms/question.njk", context());
  }

  /**
   * Back, while changing an answer from check your answers: to check your answers when the
   * path is complete; on pages a change has added, to the page before, still changing.
   */
  function changeBackLink(form: FormDefinition, pageId: string, answers: Answers): string {
    const path = computePath(form, answers, { today: today() });
    if (isComplete(path)) return stepUrl(form, CHECK_ANSWERS);
    const previous = pageBefore(path, pageId);
    return previous ? stepUrl(form, previous, true) : base(form);
  }

  // The start page. A link may carry values the form's `prefill:` accepts (the crime category
  // and the area, from an area page): the page lists what will be filled in and its Start
  // button POSTs them, because a GET must not start a journey. Bad values are left out, and
  // so is whatever a report already in progress has (its answers are kept).
  app.get<{ Params: Params }>("/services/:formId", async (request, reply) => {
    const form = formFor(request);
    if (!form) return renderNotFound(reply);
    const inProgress = form.prefill.length > 0 ? await activeJourney(request, form) : undefined;
    const [page, prefill] = await Promise.all([
      // A start page written and published in the back office replaces the form's own text.
      findPublishedServiceStart(options.database.db, form.id),
      readStartPrefill(form, request.query, { today: today(), areaByCode: lookUpArea, inProgress }),
    ]);
    return reply.render(page ? "content/service-start.njk" : "forms/start.njk", {
      ...commonView(form),
      page,
      title: form.title,
      startUrl: stepUrl(form, form.start),
      prefill,
      journeyIdleMinutes: options.config.journeyIdleMinutes,
    });
  });

  // Start with a prefill: the values are checked again (the POST body is as open as the link).
  // A report in progress keeps its answers and gets only what it lacks: someone who follows
  // a second link half way through expects to carry on, not to find their report gone (ADR
  // 13). Otherwise a new journey begins with the prefill.
  app.post<{ Params: Params; Body: RawBody }>("/services/:formId", async (request, reply) => {
    const form = formFor(request);
    // A form that takes no prefill has no form on its start page to post.
    if (!form || form.prefill.length === 0) return renderNotFound(reply);
    const inProgress = await activeJourney(request, form);
    const prefill = await readStartPrefill(form, request.body, {
      today: today(),
      areaByCode: lookUpArea,
      inProgress,
    });
    if (prefill) {
      const session = await request.ensureSession(reply);
      if (hasAnswers(inProgress)) addToJourney(inProgress, prefill.journey);
      else startJourney(session, form.id, now(), prefill.journey);
      await request.saveSession(session);
    }
    // Carrying on goes back to where the person left off (the first page still to answer).
    // A POST that fills in nothing (not one the start page sends) goes to the first page.
    if (prefill && hasAnswers(inProgress)) {
      const next = computePath(form, inProgress.answers, { today: today() }).next;
      return reply.redirect(stepUrl(form, next), 303);
    }
    return reply.redirect(stepUrl(form, form.start), 303);
  });

  app.get<{ Params: Params }>("/services/:formId/confirmation", async (request, reply) => {
    const form = formFor(request);
    if (!form) return renderNotFound(reply);
    const journey = findJourney(await request.getSession(), form.id);
    if (!journey?.submitted) return reply.redirect(base(form), 303);
    return reply.render("forms/confirmation.njk", {
      ...commonView(form),
      title: form.confirmation.title,
      reference: journey.submitted.reference,
      trackingCode: journey.submitted.trackingCode,
      whatHappensNext: textBlocks(form.confirmation.whatHappensNext),
    });
  });

  app.get<{ Params: Params; Querystring: { change?: string } }>(
    "/services/:formId/:stepId",
    async (request, reply) => {
      const form = formFor(request);
      const kind = form && stepKind(form, request.params.stepId);
      if (!form || !kind) return renderNotFound(reply);
      const { stepId } = request.params;
      const journey = await activeJourney(request, form);
      const answers = journey?.answers ?? {};
      const options = { today: today() };
      // Worked out once: whether the step may be shown, its back link and the answers on it.
      const path = computePath(form, answers, options);
      if (!isOnPath(path, stepId)) return reply.redirect(stepUrl(form, path.next), 303);
      const previous = pageBefore(path, stepId);
      const backLink = previous ? stepUrl(form, previous) : base(form);

      if (kind === "exit") {
        const exit = findExit(form, stepId)!;
        return reply.render("forms/exit.njk", {
          ...commonView(form),
          title: exit.title,
          blocks: textBlocks(exit.body),
          backLink,
        });
      }
      if (kind === "check-answers") {
        const area = journey?.prefill?.area;
        const onPath = answersAlong(form, path, answers);
        const rows = answerRows.markup(
          form,
          summaryRowsOf(form, onPath).map((row) => ({
            questionId: row.questionId,
            key: { text: row.key },
            value: { lines: row.lines },
            change: { href: stepUrl(form, row.pageId, true), hiddenText: row.key.toLowerCase() },
          })),
          // The area the report was started from: context, not an answer, so no Change link;
          // shown only when it is used, that is when the answers say nothing of where.
          area && usesStartedFromArea(form, onPath, area)
            ? [areaRow(area, "check-answers")].map((row) => ({
                key: { text: row.key },
                value: { lines: row.lines },
                remove: "area",
              }))
            : [],
          (context) =>
            reply.renderPart("forms/check-answers-rows.njk", {
              serviceUrl: base(form),
              ...context,
            }),
        );
        // The rest of the page is the same for everyone who comes to it from the same page:
        // kept, with the rows written in for each view (docs/adr/0019-check-answers-page.md).
        const page = (answerRows: unknown) => ({
          ...commonView(form),
          title: form.checkAnswers.title,
          intro: textBlocks(form.checkAnswers.body),
          answerRows,
          declaration: form.declaration,
          backLink,
        });
        if (!questionPages) return reply.render("forms/check-answers.njk", page(markupOf(rows)));
        const kept = questionPages.page(checkAnswersPageKey(form, backLink), () =>
          reply.renderCachedPage("forms/check-answers.njk", page(PERSONAL_SLOT)),
        );
        return reply.sendCachedPage(kept, rows);
      }
      const change = request.query.change === "1";
      return renderQuestion(reply, form, stepId, { answers }, change, backLink, journey?.prefill);
    },
  );

  app.post<{ Params: Params; Querystring: { change?: string }; Body: RawBody }>(
    "/services/:formId/:stepId",
    async (request, reply) => {
      const form = formFor(request);
      const kind = form && stepKind(form, request.params.stepId);
      if (!form || !kind || kind === "exit") return renderNotFound(reply);
      if (kind === "check-answers") {
        // "Remove" beside the area a link gave: the person's say over what is sent with it.
        if (request.body?.remove === "area") return removeArea(form, request, reply);
        return submit(form, request, reply);
      }

      const { stepId } = request.params;
      const options = { today: today() };
      const session = await request.ensureSession(reply);
      const journey = (await activeJourney(request, form)) ?? startJourney(session, form.id, now());
      const path = computePath(form, journey.answers, options);
      if (!isOnPath(path, stepId)) return reply.redirect(stepUrl(form, path.next), 303);
      const change = request.query.change === "1";
      const result = acceptAnswer(form, stepId, request.body ?? {}, {
        answers: journey.answers,
        ...options,
      });
      if (!result.ok) {
        const previous = pageBefore(path, stepId);
        const state = { answers: journey.answers, raw: result.raw, errors: result.errors };
        reply.code(422);
        return renderQuestion(
          reply,
          form,
          stepId,
          state,
          change,
          previous ? stepUrl(form, previous) : base(form),
        );
      }
      journey.answers = mergeAnswers(form, journey.answers, result.answers);
      await request.saveSession(session);

      // After a change from check your answers, go to the first page the new path still
      // needs, staying in "change" mode, and so back to check your answers at the end.
      if (change) {
        const next = computePath(form, journey.answers, options).next;
        return reply.redirect(
          stepUrl(form, next, next !== CHECK_ANSWERS && stepKind(form, next) === "page"),
          303,
        );
      }
      const next = nextPageAfter(form, journey.answers, stepId, options) ?? CHECK_ANSWERS;
      return reply.redirect(stepUrl(form, next), 303);
    },
  );

  /** Forgets the area the journey was started from; the report goes without it. */
  async function removeArea(form: FormDefinition, request: FastifyRequest, reply: FastifyReply) {
    const session = await request.getSession();
    const journey = await activeJourney(request, form);
    if (session && journey?.prefill?.area) {
      delete journey.prefill.area;
      await request.saveSession(session);
    }
    return reply.redirect(stepUrl(form, CHECK_ANSWERS), 303);
  }

  /**
   * Sends the answers. The submission is committed before the confirmation is shown, and
   * the journey id makes it idempotent: a double click or a replayed POST gives the one
   * submission already made.
   */
  async function submit(form: FormDefinition, request: FastifyRequest, reply: FastifyReply) {
    const session = await request.getSession();
    const journey = findJourney(session, form.id);
    if (!session || !journey) return reply.redirect(base(form), 303);
    if (journey.submitted) return reply.redirect(`${base(form)}/confirmation`, 303);
    const pathOptions = { today: today() };
    // Only a finished journey is sent: every page on the path answered, ending here.
    const path = computePath(form, journey.answers, pathOptions);
    if (!isComplete(path)) return reply.redirect(stepUrl(form, path.next), 303);
    const answers = answersAlong(form, path, journey.answers);
    const db = options.database.db;
    const facts = await deriveFacts(form, answers, options.areaLookup, journey.prefill?.area);
    const team = await resolveQueue(db, routeCandidates(form, answers, facts, pathOptions), facts);
    // The checker verifies every form's routing ends in a team that exists; this is a
    // misconfiguration (teams deleted), and the answers stay in the session meanwhile.
    if (!team) throw new Error(`no team exists for any routing rule of ${form.id}`);
    const { record } = await submitOnce(
      db,
      {
        journeyId: journey.id,
        formId: form.id,
        formVersion: form.version,
        answers,
        startedAt: journey.startedAt,
        submittedAt: now().toISOString(),
      },
      async (trx, submission) => {
        await createCase(trx, {
          record: submission,
          form,
          answers,
          team,
          facts,
          now: now(),
          trackingCode: trackingCodeFor(options.config.sessionSecret, journey.id),
          publicUrl: options.config.publicUrl,
        });
      },
    );
    options.wakeOutbox?.();
    // The answers are safe in the submission; the session keeps only the reference.
    journey.answers = {};
    delete journey.prefill;
    journey.submitted = {
      reference: record.reference,
      at: record.submittedAt,
      ...(hasReporterEmail(form, answers)
        ? {}
        : { trackingCode: trackingCodeFor(options.config.sessionSecret, journey.id) }),
    };
    await request.saveSession(session);
    return reply.redirect(`${base(form)}/confirmation`, 303);
  }

  app.get("/exit", async (request, reply) => {
    await request.destroySession(reply);
    return reply.redirect("https://www.bbc.co.uk/weather", 303);
  });
}
