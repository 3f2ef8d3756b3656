// Charts as SVG made on the server: no script, no third-party library, nothing for the CSP
// to allow. Each chart is an image with a title and a description that say what it shows;
// the page puts the same numbers in a table beside it. Colours are presentation attributes
// (the CSP allows no inline styles), chosen for contrast on white, and bars are labelled
// with words so nothing depends on telling colours apart.

import { formatNumber } from "../platform/numbers.ts";

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const INK = "#0b0c0c";
const GRID = "#b1b4b6";
const LINE = "#1d70b8";
const MUTED = "#505a5f";

/** A round upper bound for an axis, and its step: 0, 5, 10, 15, 20 for a maximum of 17. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const whole = Math.max(1, Math.ceil(step));
  return { top: whole * ticks, step: whole };
}

const fmt = (n: number) => formatNumber(Math.round(n));

export type LineChart = {
  id: string;
  title: string;
  description: string;
  /** Axis labels for the points, oldest first. */
  labels: string[];
  values: number[];
};

/** A coordinate with one decimal, and none when it is whole: "180", "74.8". */
const at = (n: number) => {
  const text = n.toFixed(1);
  return text.endsWith(".0") ? text.slice(0, -2) : text;
};

/**
 * A monthly trend: one line, a point per month, a label every third month. The markup is
 * kept lean (an area page has six of these): what every label shares is said once on a
 * group, the grid is one path, and the points are one path of round dots (zero-length
 * segments with round caps).
 */
export function lineChartSvg(chart: LineChart): string {
  const width = 420;
  const height = 220;
  const left = 44;
  const right = 22;
  const top = 12;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const { top: yTop, step } = niceScale(Math.max(...chart.values, 0));
  const n = chart.values.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / yTop) * plotH;
  let grid = "";
  let yLabels = "";
  for (let v = 0; v <= yTop; v += step) {
    grid += `M${left} ${at(y(v))}H${width - right}`;
    yLabels += `<text x="${left - 6}" y="${at(y(v) + 4)}">${fmt(v)}</text>`;
  }
  const every = n > 12 ? 3 : n > 6 ? 2 : 1;
  let months = "";
  let years = "";
  chart.labels.forEach((label, i) => {
    if ((n - 1 - i) % every !== 0) return;
    const [month, year] = label.split(" ");
    months += `<text x="${at(x(i))}" y="${height - bottom + 16}">${escapeXml(month)}</text>`;
    years += `<text x="${at(x(i))}" y="${height - bottom + 30}">${escapeXml(year ?? "")}</text>`;
  });
  const points = chart.values.map((v, i) => `${at(x(i))},${at(y(v))}`);
  return svg(chart.id, chart.title, chart.description, width, height, [
    `<path d="${grid}" stroke="${GRID}"/>`,
    `<g text-anchor="end">${yLabels}</g>`,
    `<g text-anchor="middle">${months}<g font-size="11" fill="${MUTED}">${years}</g></g>`,
    `<polyline points="${points.join(" ")}" fill="none" stroke="${LINE}" stroke-width="3" stroke-linejoin="round"/>`,
    `<path d="${points.map((p) => `M${p.replace(",", " ")}h0`).join("")}" stroke="${LINE}" stroke-width="6" stroke-linecap="round"/>`,
  ]);
}

export type BarGroup = {
  label: string;
  bars: Array<{ label: string; value: number; text: string }>;
};

export type BarChart = { id: string; title: string; description: string; groups: BarGroup[] };

/** Horizontal bars in groups, each bar labelled with its name and value. */
export function barChartSvg(chart: BarChart): string {
  const width = 420;
  const barH = 18;
  const gap = 6;
  const groupGap = 14;
  const labelH = 20;
  const max = Math.max(...chart.groups.flatMap((g) => g.bars.map((b) => b.value)), 0);
  const plotW = width - 8;
  const fills = [LINE, "#003078", MUTED];
  const parts: string[] = [];
  let yPos = 4;
  for (const group of chart.groups) {
    parts.push(
      `<text x="0" y="${yPos + 14}" font-size="14" font-weight="bold">${escapeXml(group.label)}</text>`,
    );
    yPos += labelH;
    group.bars.forEach((bar, i) => {
      const w = max === 0 ? 0 : Math.max(2, (bar.value / max) * plotW * 0.85);
      parts.push(
        `<text x="0" y="${yPos + 12}">${escapeXml(bar.label)}</text>`,
        `<rect x="0" y="${yPos + 16}" width="${at(w)}" height="${barH}" fill="${fills[i % fills.length]}"/>`,
        `<text x="${at(w + 6)}" y="${yPos + 29}">${escapeXml(bar.text)}</text>`,
      );
      yPos += 16 + barH + gap;
    });
    yPos += groupGap;
  }
  return svg(chart.id, chart.title, chart.description, width, yPos, parts);
}

function svg(
  id: string,
  title: string,
  description: string,
  width: number,
  height: number,
  parts: string[],
): string {
  const safeId = id.replace(/[^a-zA-Z0-9_-]/g, "-");
  return (
    // Text is 12 px in ink unless it says otherwise.
    `<svg class="bl-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${Math.ceil(height)}" width="100%" role="img" aria-labelledby="${safeId}-title ${safeId}-desc" focusable="false" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" font-size="12" fill="${INK}">` +
    `<title id="${safeId}-title">${escapeXml(title)}</title>` +
    `<desc id="${safeId}-desc">${escapeXml(description)}</desc>` +
    parts.join("") +
    "</svg>"
  );
}
