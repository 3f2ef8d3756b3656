// A parsed YAML file that can say where any value came from. Validation works on
// plain values by path (["pages", 2, "next", 0, "goto"]); this turns the path back
// into a line and column through yaml's node ranges.

import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Problem } from "./form-definition-error.ts";
import type { SourcePosition } from "./types.ts";

export type Path = ReadonlyArray<string | number>;

export class YamlSource {
  readonly file: string;
  readonly value: unknown;
  readonly problems: Problem[] = [];
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(file: string, text: string) {
    this.file = file;
    this.#lines = new LineCounter();
    this.#doc = parseDocument(text, {
      lineCounter: this.#lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
    for (const error of this.#doc.errors) {
      const { line, col } = this.#lines.linePos(error.pos[0]);
      this.problems.push({ file, line, column: col, message: error.message.split("\n")[0] });
    }
    this.value = this.problems.length === 0 ? this.#doc.toJS({ maxAliasCount: 100 }) : undefined;
  }

  /** Where the value at `path` is written; `key` points at a map key rather than its value. */
  position(path: Path, key = false): SourcePosition {
    let node: Node | null | undefined = this.#doc.contents as Node | null;
    let found: Node | null | undefined = node;
    for (let i = 0; i < path.length && node; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
        if (!pair) break;
        const last = i === path.length - 1;
        node = (last && key ? pair.key : (pair.value ?? pair.key)) as Node | null;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment] as Node | null;
      } else {
        break;
      }
      if (node) found = node;
    }
    const offset = found?.range?.[0] ?? 0;
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }

  problem(path: Path, message: string, key = false): void {
    const { line, column } = this.position(path, key);
    this.problems.push({ file: this.file, line, column, message });
  }
}
