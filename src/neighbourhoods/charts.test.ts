import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { barChartSvg, escapeXml, lineChartSvg, niceScale } from "./charts.ts";

describe("charts", () => {
  test("axes get round numbers", () => {
    assert.deepEqual(niceScale(17), { top: 20, step: 5 });
    assert.deepEqual(niceScale(473), { top: 600, step: 150 });
    assert.deepEqual(niceScale(0), { top: 4, step: 1 });
    assert.deepEqual(niceScale(3), { top: 4, step: 1 });
  });

  test("a line chart is an image with a title and a description, one point per month", () => {
    const svg = lineChartSvg({
      id: "trend-E05013655-all-crime",
      title: "All crime each month in St James's & <Soho>",
      description: "Highest 12 in May 2025.",
      labels: ["Apr 2025", "May 2025", "Jun 2025"],
      values: [3, 12, 0],
    });
    assert.match(
      svg,
      /^<svg [^>]*role="img" aria-labelledby="trend-E05013655-all-crime-title trend-E05013655-all-crime-desc"/,
    );
    assert.match(
      svg,
      /<title id="trend-E05013655-all-crime-title">All crime each month in St James&#39;s &amp; &lt;Soho&gt;<\/title>/,
    );
    // One round dot per month: a zero-length segment with a round cap at each point.
    const dots =
      /<path d="([^"]+)" stroke="#1d70b8" stroke-width="6" stroke-linecap="round"\/>/.exec(svg);
    assert.equal(dots?.[1].match(/M[\d.]+ [\d.]+h0/g)?.length, 3);
    assert.match(svg, /<polyline points="44,138 221,12 398,180"/);
    assert.doesNotMatch(svg, /style=/, "no inline styles: the CSP forbids them");
  });

  test("bars are labelled in words as well as by colour", () => {
    const svg = barChartSvg({
      id: "compare",
      title: "Compared",
      description: "d",
      groups: [
        {
          label: "All crime",
          bars: [
            { label: "Camden Town", value: 3357, text: "3,357" },
            { label: "Average for Camden", value: 1500, text: "1,500" },
          ],
        },
      ],
    });
    assert.match(svg, />Camden Town</);
    assert.match(svg, />3,357</);
    assert.match(svg, />Average for Camden</);
    assert.equal(svg.match(/<rect /g)?.length, 2);
  });

  test("text is escaped", () => {
    assert.equal(
      escapeXml(`<a href="x">'&'</a>`),
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});
