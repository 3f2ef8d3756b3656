// The page graph of a definition: pages are nodes, branches are edges, and the
// ends are exits and check your answers. Routing cannot loop (the loader refuses
// cycles), so the graph is a DAG and everything here is a walk in topological order.

import { CHECK_ANSWERS, type FormDefinition, type Page } from "../engine/index.ts";

export type Edge = { from: string; to: string; branch: number };

export type PageGraph = {
  form: FormDefinition;
  pages: ReadonlyMap<string, Page>;
  exits: ReadonlySet<string>;
  /** Edges out of each page, for the branches that can be taken. */
  out: ReadonlyMap<string, Edge[]>;
  /** Pages reachable from the start, in topological order (start first). */
  order: string[];
};

export function isEnd(graph: PageGraph, step: string): boolean {
  return step === CHECK_ANSWERS || graph.exits.has(step);
}

/** Builds the graph; `takeable(page, branch)` says whether a branch can ever be taken. */
export function pageGraph(
  form: FormDefinition,
  takeable: (page: Page, branch: number) => boolean = () => true,
): PageGraph {
  const pages = new Map(form.pages.map((p) => [p.id, p]));
  const exits = new Set(form.exits.map((e) => e.id));
  const out = new Map<string, Edge[]>();
  for (const page of form.pages) {
    out.set(
      page.id,
      page.next.flatMap((b, i) =>
        takeable(page, i) ? [{ from: page.id, to: b.goto, branch: i }] : [],
      ),
    );
  }
  // Depth-first post-order from the start, reversed: a topological order of what is reachable.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (seen.has(id) || !pages.has(id) || depth > 10_000) return;
    seen.add(id);
    for (const edge of out.get(id) ?? []) visit(edge.to, depth + 1);
    order.push(id);
  };
  visit(form.start, 0);
  order.reverse();
  return { form, pages, exits, out, order };
}

/** Every step (page, exit or check-answers) that some path from the start reaches. */
export function reachable(graph: PageGraph): Set<string> {
  const steps = new Set<string>(graph.order);
  for (const id of graph.order) for (const edge of graph.out.get(id) ?? []) steps.add(edge.to);
  return steps;
}

/** Reachable pages from which no path leads to check your answers or an exit. */
export function deadEnds(graph: PageGraph): string[] {
  const ends = new Set<string>();
  for (const id of [...graph.order].reverse()) {
    if ((graph.out.get(id) ?? []).some((e) => isEnd(graph, e.to) || ends.has(e.to))) ends.add(id);
  }
  return graph.order.filter((id) => !ends.has(id));
}

/** For each reachable page, the pages on every path from the start to it (itself included). */
export function dominators(graph: PageGraph): Map<string, Set<string>> {
  const dom = new Map<string, Set<string>>();
  const preds = new Map<string, string[]>();
  for (const id of graph.order) {
    for (const edge of graph.out.get(id) ?? []) {
      if (graph.pages.has(edge.to)) preds.set(edge.to, [...(preds.get(edge.to) ?? []), id]);
    }
  }
  for (const id of graph.order) {
    const incoming = id === graph.form.start ? [] : (preds.get(id) ?? []);
    let common: Set<string> | undefined;
    for (const p of incoming) {
      const d = dom.get(p) ?? new Set<string>();
      common = common ? new Set([...common].filter((x) => d.has(x))) : new Set(d);
    }
    dom.set(id, new Set([...(common ?? []), id]));
  }
  return dom;
}

/** A path from the start to `target` that avoids `avoid`, as page ids; undefined if none. */
export function pathAvoiding(
  graph: PageGraph,
  target: string,
  avoid: ReadonlySet<string>,
): string[] | undefined {
  const previous = new Map<string, string | null>([[graph.form.start, null]]);
  if (avoid.has(graph.form.start)) return undefined;
  const queue = [graph.form.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === target) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const edge of graph.out.get(id) ?? []) {
      if (!graph.pages.has(edge.to) || avoid.has(edge.to) || previous.has(edge.to)) continue;
      previous.set(edge.to, id);
      queue.push(edge.to);
    }
  }
  return undefined;
}

export type PathCount = { total: number; toCheckAnswers: number; toExits: number };

/**
 * Distinct paths from the start to an end, as sequences of pages: two branches of one
 * page to the same place make one path. Counted, never listed, so it stays cheap
 * however many there are.
 */
export function countPaths(graph: PageGraph): PathCount {
  const counts = new Map<string, { check: number; exit: number }>();
  for (const id of [...graph.order].reverse()) {
    const total = { check: 0, exit: 0 };
    for (const to of new Set((graph.out.get(id) ?? []).map((e) => e.to))) {
      if (to === CHECK_ANSWERS) total.check += 1;
      else if (graph.exits.has(to)) total.exit += 1;
      else {
        const c = counts.get(to);
        if (c) {
          total.check += c.check;
          total.exit += c.exit;
        }
      }
    }
    counts.set(id, total);
  }
  const start = counts.get(graph.form.start) ?? { check: 0, exit: 0 };
  return { total: start.check + start.exit, toCheckAnswers: start.check, toExits: start.exit };
}
