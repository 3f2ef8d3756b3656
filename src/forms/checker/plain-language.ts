// Plain language in a form: every piece of text the public read goes through the
// shared checker (src/plain-language), and each finding becomes a warning at the
// words it is about.

import { checkPlainLanguage, type Finding } from "../../plain-language/index.ts";
import type { YamlLocator, YamlPath } from "./yaml-locator.ts";

/**
 * A text and its path. `short` texts (titles, labels, option texts) name or ask
 * about what happened, where the passive is often the plain way to say it:
 * "What was stolen?", "A bike was stolen". Passive voice is looked for in the rest.
 */
export type TextAt = { path: YamlPath; text: string; short: boolean };

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every string in a definition that the public read, with its path. */
export function publicTexts(value: unknown): TextAt[] {
  const texts: TextAt[] = [];
  const add = (path: YamlPath, text: unknown) => {
    const last = String(path.at(-1));
    const short = ["title", "description", "label", "text", "dont-know-text"].includes(last);
    if (typeof text === "string" && text.trim() !== "") texts.push({ path, text, short });
  };
  if (!isRecord(value)) return texts;
  add(["title"], value.title);
  add(["description"], value.description);
  list(value.pages).forEach((page, i) => {
    if (!isRecord(page)) return;
    add(["pages", i, "title"], page.title);
    add(["pages", i, "body"], page.body);
    list(page.questions).forEach((q, j) => {
      if (!isRecord(q)) return;
      const at = ["pages", i, "questions", j];
      for (const key of ["label", "hint", "dont-know-text"]) add([...at, key], q[key]);
      if (isRecord(q.errors))
        for (const [code, text] of Object.entries(q.errors)) add([...at, "errors", code], text);
      list(q.options).forEach((option, k) => {
        if (!isRecord(option)) return;
        add([...at, "options", k, "text"], option.text);
        add([...at, "options", k, "hint"], option.hint);
      });
    });
  });
  list(value.exits).forEach((exit, i) => {
    if (!isRecord(exit)) return;
    add(["exits", i, "title"], exit.title);
    add(["exits", i, "body"], exit.body);
  });
  const checkAnswers = value["check-answers"];
  if (isRecord(checkAnswers)) {
    add(["check-answers", "title"], checkAnswers.title);
    add(["check-answers", "body"], checkAnswers.body);
  }
  add(["declaration"], value.declaration);
  const confirmation = value.confirmation;
  if (isRecord(confirmation)) {
    add(["confirmation", "title"], confirmation.title);
    add(["confirmation", "what-happens-next"], confirmation["what-happens-next"]);
  }
  return texts;
}

export type LocatedFinding = Finding & { line: number; column: number };

/**
 * Findings for every public text, placed in the file. Soft jargon ("vehicle",
 * "incident": often the right word after all) is reported once per term, at its
 * first use, with how many more uses there are.
 */
export function plainLanguageFindings(locator: YamlLocator): LocatedFinding[] {
  const all = publicTexts(locator.value).flatMap(({ path, text, short }) =>
    checkPlainLanguage(text, { passive: !short }).map((finding) => ({
      ...finding,
      ...locator.positionInString(path, finding.start, finding.end),
    })),
  );
  const softUses = new Map<string, LocatedFinding[]>();
  for (const f of all)
    if (f.soft && f.term) softUses.set(f.term, [...(softUses.get(f.term) ?? []), f]);
  return all.flatMap((f) => {
    if (!f.soft || !f.term) return [f];
    const uses = softUses.get(f.term)!;
    if (uses[0] !== f) return [];
    return [
      uses.length > 1
        ? {
            ...f,
            message: `${f.message}; used ${uses.length - 1} more time${uses.length > 2 ? "s" : ""} in this form`,
          }
        : f,
    ];
  });
}
