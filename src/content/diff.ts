// A readable difference between two revisions: word by word, line by line, as HTML that
// says what changed without relying on colour or on the look of <ins> and <del> (screen
// readers do not announce those, so each change also says "added" or "removed" in words
// that are only read out).
import { type Change, diffLines, diffWordsWithSpace } from "diff";
import { escapeHtml } from "../admin/forms.ts";

export type Segment = { kind: "same" | "added" | "removed"; text: string };

/** The changes, word by word, cut into lines. Falls back to whole lines for huge rewrites. */
export function diffByLine(before: string, after: string): Segment[][] {
  const changes: Change[] =
    diffWordsWithSpace(before, after, { timeout: 1000 }) ?? diffLines(before, after);
  const lines: Segment[][] = [[]];
  for (const change of changes) {
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    change.value.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines.at(-1)!.push({ kind, text: piece });
    });
  }
  return lines;
}

const HIDDEN = (text: string) => `<span class="govuk-visually-hidden">${text}</span>`;

function segmentHtml(segment: Segment): string {
  const text = escapeHtml(segment.text);
  if (segment.kind === "added")
    return `<ins class="bl-diff__added">${HIDDEN("[added: ")}${text}${HIDDEN("]")}</ins>`;
  if (segment.kind === "removed")
    return `<del class="bl-diff__removed">${HIDDEN("[removed: ")}${text}${HIDDEN("]")}</del>`;
  return text;
}

/**
 * HTML for the changes between two texts: one paragraph per line; long runs of unchanged
 * lines are cut short to the lines around each change.
 */
export function diffHtml(before: string, after: string, context = 2): string {
  const lines = diffByLine(before, after).filter((line) => line.some((s) => s.text.trim() !== ""));
  const changed = lines.map((line) => line.some((s) => s.kind !== "same"));
  const keep = lines.map((_, i) => changed.some((c, j) => c && Math.abs(i - j) <= context));
  const out: string[] = [];
  let skipped = 0;
  const flush = () => {
    if (skipped > 0) {
      out.push(
        `<p class="govuk-body govuk-hint bl-diff__skipped">(${skipped} unchanged ${skipped === 1 ? "line" : "lines"})</p>`,
      );
    }
    skipped = 0;
  };
  lines.forEach((line, i) => {
    if (!keep[i]) {
      skipped++;
      return;
    }
    flush();
    out.push(`<p class="govuk-body bl-diff__line">${line.map(segmentHtml).join("")}</p>`);
  });
  flush();
  return out.join("\n");
}

/** How much changed, in words. */
export function diffStats(before: string, after: string): { added: number; removed: number } {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const change of diffWordsWithSpace(before, after, { timeout: 1000 }) ?? []) {
    if (change.added) added += words(change.value);
    else if (change.removed) removed += words(change.value);
  }
  return { added, removed };
}

/** What was added to and removed from a list (tags). */
export function listChanges(before: string[], after: string[]) {
  return {
    added: after.filter((a) => !before.includes(a)),
    removed: before.filter((b) => !after.includes(b)),
  };
}
