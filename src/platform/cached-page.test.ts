// Whole pages kept as bytes: each view gets its own nonce and CSRF token wherever the page had
// their stand-ins, and a copy is used again only once sent.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CachedPage, STAND_IN } from "./cached-page.ts";

const nonceA = "a".repeat(32);
const nonceB = "b".repeat(32);
const tokenA = "A".repeat(36);
const tokenB = "B".repeat(36);

describe("a cached page", () => {
  const html = `<script nonce="${STAND_IN.nonce}">x</script><p>Église</p><i nonce="${STAND_IN.nonce}"></i>`;
  const expect = (nonce: string) => html.replaceAll(STAND_IN.nonce, nonce);
  const form = `<form><input name="_csrf" value="${STAND_IN.csrfToken}"></form><script nonce="${STAND_IN.nonce}"></script><p>’</p>`;
  const expectForm = (nonce: string, token: string) =>
    form.replaceAll(STAND_IN.nonce, nonce).replaceAll(STAND_IN.csrfToken, token);

  test("each view has its own nonce in every place, and a copy is used again only once sent", () => {
    const page = new CachedPage(html);
    assert.equal(page.hasCsrfToken, false);
    const first = page.view({ nonce: nonceA });
    const second = page.view({ nonce: nonceB });
    assert.notEqual(first, second);
    assert.equal(first.toString(), expect(nonceA));
    assert.equal(second.toString(), expect(nonceB));
    page.sent(first);
    const third = page.view({ nonce: nonceB });
    assert.equal(third, first, "the sent copy is used again");
    assert.equal(third.toString(), expect(nonceB));
    assert.equal(second.toString(), expect(nonceB), "a copy in flight is never written to");
  });

  test("a page with a form gets this view's CSRF token and nonce, each in its place", () => {
    const page = new CachedPage(form);
    assert.equal(page.hasCsrfToken, true);
    const first = page.view({ nonce: nonceA, csrfToken: tokenA });
    assert.equal(first.toString(), expectForm(nonceA, tokenA));
    page.sent(first);
    const second = page.view({ nonce: nonceB, csrfToken: tokenB });
    assert.equal(second, first, "the sent copy is used again");
    assert.equal(second.toString(), expectForm(nonceB, tokenB), "nothing of the last view is left");
  });

  test("values of another length are spliced in", () => {
    const page = new CachedPage(html);
    assert.equal(page.view({ nonce: "short" }).toString(), expect("short"));
    assert.equal(page.view({ nonce: "" }).toString(), expect(""));
    const withForm = new CachedPage(form);
    assert.equal(
      withForm.view({ nonce: nonceA, csrfToken: "t-1" }).toString(),
      expectForm(nonceA, "t-1"),
    );
  });

  test("markup made for the person is written in whole, in UTF-8, and such views are not kept", () => {
    const shell = `<p nonce="${STAND_IN.nonce}">Église</p><dl>${STAND_IN.personal}</dl><input name="_csrf" value="${STAND_IN.csrfToken}">`;
    const page = new CachedPage(shell);
    assert.equal(page.hasPersonalSlot, true);
    assert.equal(new CachedPage(html).hasPersonalSlot, false);
    const expected = (personal: string) =>
      shell
        .replace(STAND_IN.nonce, nonceA)
        .replace(STAND_IN.personal, personal)
        .replace(STAND_IN.csrfToken, tokenA);
    // One as long as the stand-in, to show length alone never decides how it is written.
    const sameLength = "Ł".repeat(STAND_IN.personal.length);
    for (const personal of ["<dd>Zoë’s bike 🚲</dd>", "", sameLength]) {
      const view = page.view({ nonce: nonceA, csrfToken: tokenA, personal });
      assert.equal(view.toString("utf8"), expected(personal));
      page.sent(view);
      assert.notEqual(page.view({ nonce: nonceA, csrfToken: tokenA, personal }), view);
    }
  });

  test("a dropped page keeps no copies", () => {
    const page = new CachedPage(html);
    const copy = page.view({ nonce: nonceA });
    page.dropped();
    page.sent(copy);
    assert.notEqual(page.view({ nonce: nonceA }), copy);
  });
});
