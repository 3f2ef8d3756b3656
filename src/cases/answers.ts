// Reading a case's answers by what they are rather than by their id, so the cases module
// works for every form: e.g. the reporter's email is the answer to the form's email question.
import type { Answer, Answers, FormDefinition, QuestionTypeName } from "../forms/engine/index.ts";

export function findQuestionsOfType(
  form: FormDefinition,
  answers: Answers,
  type: QuestionTypeName,
): Answer[] {
  const found: Answer[] = [];
  for (const page of form.pages) {
    for (const question of page.questions) {
      const value = answers[question.id];
      if (question.type === type && value !== null && value !== undefined) found.push(value);
    }
  }
  return found;
}
