// Which question pages may be kept (those showing nothing of the person's own) and how many.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CachedPage } from "../../platform/cached-page.ts";
import type { FormDefinition } from "../engine/index.ts";
import { QuestionPageCache, questionPageKey } from "./question-pages.ts";

const form = { id: "report-a-theft", version: 3 } as unknown as FormDefinition;
const page = { id: "when", questions: [{ id: "date" }, { id: "time" }] };
const shown = { answers: {}, hasErrors: false, change: false, backLink: "/services/x/where" };

describe("a question page's key", () => {
  test("names the form and its version, the page, change or not, and the back link", () => {
    const key = questionPageKey(form, page, shown);
    assert.ok(key);
    const others = [
      questionPageKey({ ...form, version: 4 }, page, shown),
      questionPageKey({ ...form, id: "other" }, page, shown),
      questionPageKey(form, { ...page, id: "where" }, shown),
      questionPageKey(form, page, { ...shown, change: true }),
      questionPageKey(form, page, { ...shown, backLink: "/services/x/what" }),
    ];
    for (const other of others) {
      assert.ok(other);
      assert.notEqual(other, key);
    }
    assert.equal(questionPageKey(form, page, { ...shown, answers: { other: "yes" } }), key);
  });

  test("there is none for a page showing an answer of its own or an error", () => {
    assert.equal(
      questionPageKey(form, page, { ...shown, answers: { time: "morning" } }),
      undefined,
    );
    assert.equal(questionPageKey(form, page, { ...shown, answers: { date: null } }), undefined);
    assert.equal(questionPageKey(form, page, { ...shown, hasErrors: true }), undefined);
  });
});

describe("the question page cache", () => {
  test("renders a page once and keeps at most its limit, dropping the least recent", () => {
    const cache = new QuestionPageCache(2);
    const renders: string[] = [];
    const render = (key: string) => () => {
      renders.push(key);
      return new CachedPage(`<p>${key}</p>`);
    };
    const a = cache.page("a", render("a"));
    assert.equal(cache.page("a", render("a")), a);
    cache.page("b", render("b"));
    cache.page("a", render("a")); // a is now the most recent
    cache.page("c", render("c")); // b goes
    assert.equal(cache.size, 2);
    assert.equal(cache.page("a", render("a")), a);
    cache.page("b", render("b"));
    assert.deepEqual(renders, ["a", "b", "c", "b"]);
  });
});
