// Where a value sits in a form's YAML: the checker works on the loaded definition
// and on plain values by path (["pages", 2, "next", 0, "when"]), and turns a path
// back into a line and column here. It also maps an offset inside a string value
// to the place in the file, so a plain-language finding points at its word.

import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
} from "yaml";

export type YamlPath = ReadonlyArray<string | number>;
export type Position = { line: number; column: number };

export class YamlLocator {
  readonly text: string;
  readonly value: unknown;
  readonly #doc: Document;
  readonly #lines = new LineCounter();

  constructor(text: string) {
    this.text = text;
    this.#doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false });
    this.value = this.#doc.errors.length === 0 ? this.#doc.toJS({ maxAliasCount: 100 }) : undefined;
  }

  /** The node at `path` (or the nearest ancestor that exists); `key` gives a map key instead. */
  node(path: YamlPath, key = false): Node | undefined {
    let node = this.#doc.contents as Node | null | undefined;
    let found = node ?? undefined;
    for (let i = 0; i < path.length && node; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
        if (!pair) break;
        node = (i === path.length - 1 && key ? pair.key : (pair.value ?? pair.key)) as Node | null;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment] as Node | null;
      } else {
        break;
      }
      if (node) found = node;
    }
    return found;
  }

  position(path: YamlPath, key = false): Position {
    return this.at(this.node(path, key)?.range?.[0] ?? 0);
  }

  at(offset: number): Position {
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * Where the characters value.slice(start, end) of the string at `path` are written.
   * Exact for plain and block scalars; for folded or escaped text it finds the words
   * themselves in the source, and falls back to the start of the value.
   */
  positionInString(path: YamlPath, start: number, end: number): Position {
    const node = this.node(path);
    if (!node?.range || !isScalar(node) || typeof (node as Scalar).value !== "string")
      return this.position(path);
    const value = (node as Scalar<string>).value;
    const source = this.text.slice(node.range[0], node.range[1]);
    // The first line of the snippet, short enough not to cross a folded line.
    const snippet = value.slice(start, end).split("\n")[0].split(/\s+/).slice(0, 3).join(" ");
    if (snippet === "") return this.at(node.range[0]);
    let occurrence = 0;
    for (let i = value.indexOf(snippet); i !== -1 && i < start; i = value.indexOf(snippet, i + 1))
      occurrence++;
    let index = -1;
    for (let k = 0; k <= occurrence; k++) {
      index = source.indexOf(snippet, index + 1);
      if (index === -1) break;
    }
    return this.at(node.range[0] + (index === -1 ? 0 : index));
  }
}
