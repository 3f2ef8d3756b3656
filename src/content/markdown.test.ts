import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { isSafeHref, markdownToText, renderMarkdown } from "./markdown.ts";

/** Every real tag in some HTML (escaped text such as "&lt;img" is not one). */
const tags = (html: string) => html.match(/<[a-z][a-z0-9]*\b[^>]*>/gi) ?? [];

function assertInert(html: string, input: string) {
  for (const tag of tags(html)) {
    const where = `${JSON.stringify(input)} gave ${tag}`;
    assert.match(
      tag,
      /^<(h[2-6]|p|ul|ol|li|a|strong|em|s|blockquote|code|pre|br|hr|table|thead|tbody|tr|th|td)\b/,
      where,
    );
    assert.doesNotMatch(tag, /\s(on[a-z]+|style|src|srcset|formaction)\s*=/i, where);
    const href = /\shref="([^"]*)"/.exec(tag)?.[1];
    if (href !== undefined) assert.ok(isSafeHref(href.replace(/&amp;/g, "&")), where);
  }
}

describe("Markdown to govuk-styled HTML", () => {
  test("headings, paragraphs, lists, links, quotes and tables take govuk-frontend's classes", () => {
    const html = renderMarkdown(
      "# Top\n\n## Part\n\n### Sub\n\nSome **bold** [text](/advice).\n\n- one\n- two\n\n1. first\n\n> Note\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n---\n",
    );
    assert.match(html, /<h2 class="govuk-heading-m">Top<\/h2>/, "the page title is the only h1");
    assert.match(html, /<h2 class="govuk-heading-m">Part<\/h2>/);
    assert.match(html, /<h3 class="govuk-heading-s">Sub<\/h3>/);
    assert.match(
      html,
      /<p class="govuk-body">Some <strong>bold<\/strong> <a href="\/advice" class="govuk-link">text<\/a>.<\/p>/,
    );
    assert.match(html, /<ul class="govuk-list govuk-list--bullet">/);
    assert.match(html, /<ol class="govuk-list govuk-list--number">/);
    assert.match(html, /<blockquote class="govuk-inset-text">/);
    assert.match(html, /<table class="govuk-table">/);
    assert.match(
      html,
      /<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td>/,
      "alignment by class, not a style",
    );
    assert.match(html, /<hr class="govuk-section-break/);
    assert.doesNotMatch(html, /style=/);
  });

  test("links elsewhere say so to the browser; pictures become links to them", () => {
    assert.match(renderMarkdown("[x](https://example.org)"), /rel="noreferrer noopener"/);
    const picture = renderMarkdown("![A map](https://example.org/map.png)");
    assert.match(picture, /<a href="https:\/\/example.org\/map.png" class="govuk-link">A map<\/a>/);
    assert.doesNotMatch(picture, /<img/);
  });

  test("known attacks are inert", () => {
    const attacks = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<svg/onload=alert(1)>",
      "<iframe src=//evil.example>",
      '<a href="javascript:alert(1)">x</a>',
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](java\nscript:alert(1))",
      "[x](java&#x09;script:alert(1))",
      "[x](javascript&colon;alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](%6Aavascript:alert(1))",
      "[x](vbscript:msgbox(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](//evil.example)",
      "![x](javascript:alert(1))",
      "![x](data:image/svg+xml;base64,PHN2Zz4=)",
      "<javascript:alert(1)>",
      '[x](https://ok.example "title" onmouseover=alert(1))',
      '<div style="background:url(javascript:alert(1))">x</div>',
      "<<script>script>alert(1)<</script>/script>",
      "<!-- <script>alert(1)</script> -->",
      "```html\n<script>alert(1)</script>\n```",
      "[x]: javascript:alert(1)\n\n[link][x]",
    ];
    for (const attack of attacks) {
      const html = renderMarkdown(attack);
      assertInert(html, attack);
      assert.doesNotMatch(html, /<(script|img|svg|iframe)/i, attack);
      assert.doesNotMatch(html, /href="\s*(javascript|vbscript|data):/i, attack);
    }
  });

  test("whatever is typed, no tag outside the allow-list and no unsafe link comes out", () => {
    const pieces = fc.constantFrom(
      "<",
      ">",
      '"',
      "'",
      "=",
      "(",
      ")",
      "[",
      "]",
      "!",
      "&",
      "#",
      ":",
      ";",
      "\n",
      " ",
      "\t",
      "script",
      "img",
      "svg",
      "onerror",
      "onload",
      "javascript",
      "data",
      "vbscript",
      "href",
      "src",
      "style",
      "alert(1)",
      "**",
      "_",
      "`",
      "> ",
      "- ",
      "## ",
      "https://x.example",
      "&colon;",
      "&#58;",
      "%3A",
      "java\tscript",
      "|",
      "---",
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join("")),
        (input) => {
          assertInert(renderMarkdown(input), input);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("safe links: web, email, phone and this site", () => {
    for (const ok of [
      "https://a.example",
      "http://a.example",
      "mailto:a@b.example",
      "tel:101",
      "/advice",
      "#part",
      "other-page",
    ]) {
      assert.ok(isSafeHref(ok), ok);
    }
    for (const bad of [
      "javascript:x",
      " javascript:x",
      "java\tscript:x",
      "data:x",
      "vbscript:x",
      "file:///etc/passwd",
      "//evil.example",
    ]) {
      assert.ok(!isSafeHref(bad), bad);
    }
  });

  test("plain text for search: the words without the markup", () => {
    assert.equal(
      markdownToText(
        "## Lock it\n\nUse **two** [locks](/x).\n\n- a D-lock\n- a chain\n\n> Call 999",
      ),
      "Lock it\nUse two locks.\na D-lock\na chain\nCall 999",
    );
  });
});
