// `{% fragment "name", key1, key2 %} … {% endfragment %}`: a piece of a template that comes
// out the same for the same keys, rendered once per distinct keys and then reused. The
// layout's header (govuk-frontend's generic header and service navigation, the search box)
// depends only on the page's navigation section and the brand, yet rendering it was about a
// quarter of every page's templating.
//
// The rule for using it: everything inside may depend only on the keys and the
// environment's globals (brand, assetPath), never on the request or on what someone told
// us. Keys must be strings, numbers, booleans or missing, so an object cannot slip in.
// A fragment that sees more than MAX_VARIANTS keys stops caching and renders every time,
// so a mistaken key cannot grow memory. See docs/adr/0011-forms-throughput.md.
import nunjucks from "nunjucks";

const MAX_VARIANTS = 64;

type Key = string | number | boolean | null | undefined;
type Parser = {
  nextToken(): { value: string };
  parseSignature(tolerant: unknown, noParens: boolean): unknown;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
};
type Nodes = { CallExtension: new (...args: unknown[]) => unknown };

export class FragmentExtension {
  readonly tags = ["fragment"];
  /** Rendered fragments by name, then by key. */
  private readonly rendered = new Map<string, Map<string, unknown>>();
  private readonly reuse: boolean;

  /** `reuse: false` (development) renders every time, so template edits show at once. */
  constructor(options: { reuse: boolean }) {
    this.reuse = options.reuse;
  }

  parse(parser: Parser, nodes: Nodes): unknown {
    const start = parser.nextToken();
    const keys = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(start.value);
    const body = parser.parseUntilBlocks("endfragment");
    parser.advanceAfterBlockEnd();
    return new nodes.CallExtension(this, "render", keys, [body]);
  }

  render(_context: unknown, name: string, ...rest: unknown[]): unknown {
    const body = rest.pop() as () => string;
    const keys = rest as Key[];
    if (typeof name !== "string") throw new Error("a fragment needs a name first");
    for (const key of keys) {
      if (key !== null && typeof key === "object") {
        throw new Error(`the fragment "${name}" was given an object as a key`);
      }
    }
    if (!this.reuse) return new nunjucks.runtime.SafeString(body());
    let variants = this.rendered.get(name);
    if (!variants) {
      variants = new Map();
      this.rendered.set(name, variants);
    }
    const key = keys.map((k) => `${typeof k}:${k}`).join("\u0000");
    const known = variants.get(key);
    if (known !== undefined) return known;
    const html = new nunjucks.runtime.SafeString(body());
    if (variants.size < MAX_VARIANTS) variants.set(key, html);
    return html;
  }
}
