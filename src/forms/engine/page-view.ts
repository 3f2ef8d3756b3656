// What a page shows, as govuk-frontend macro parameters: the heading, each
// question's components, and the error summary. The views render this and
// nothing else, so every page follows the GOV.UK question-page pattern.

import { questionView } from "../questions/index.ts";
import { indexOf } from "./form-index.ts";
import type {
  Answers,
  ComponentView,
  FieldError,
  FormDefinition,
  Page,
  RawInput,
} from "./types.ts";

export type QuestionPageView = {
  page: Page;
  /** The h1 and the <title>; "Error: " is the view's to add. */
  title: string;
  /** True when a question's label or legend is the h1 itself, so the view adds no h1. */
  headingInQuestion: boolean;
  questions: Array<{ id: string; components: ComponentView[] }>;
  /** govukErrorSummary params, when there are errors. */
  errorSummary?: { titleText: string; errorList: Array<{ text: string; href: string }> };
};

export function pageView(
  form: FormDefinition,
  pageId: string,
  state: { answers?: Answers; raw?: RawInput; errors?: readonly FieldError[] } = {},
): QuestionPageView {
  const page = indexOf(form).pages.get(pageId);
  if (!page) throw new RangeError(`the form "${form.id}" has no page "${pageId}"`);
  const errors = state.errors ?? [];
  const headingInQuestion = page.questions.length === 1 && page.title === undefined;
  return {
    page,
    title: page.title ?? page.questions[0]?.label ?? "",
    headingInQuestion,
    questions: page.questions.map((q) => ({
      id: q.id,
      components: questionView(q, {
        ...(state.raw ? { raw: state.raw } : {}),
        value: state.answers?.[q.id],
        errors,
        isPageHeading: headingInQuestion,
      }),
    })),
    ...(errors.length > 0
      ? {
          errorSummary: {
            titleText: "There is a problem",
            errorList: errors.map((e) => ({ text: e.text, href: e.href })),
          },
        }
      : {}),
  };
}
