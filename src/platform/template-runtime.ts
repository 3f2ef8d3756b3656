// One change to Nunjucks' runtime, made once per process: Frame#set, which templates call for
// every variable they set and, inside a `for` loop, eight times per item (the item and
// loop.index, loop.first and the rest), splits the name on "." each time to allow dotted
// names. That split was 8 % of the CPU of rendering check your answers (16 rows) and an array
// of garbage per call. The names come from compiled templates, so there are few of them: each
// is split once and the parts kept. Everything else is Nunjucks' own code, unchanged
// (nunjucks 3.2.4, src/runtime.js). See docs/adr/0016-question-page-cache.md.
import nunjucks from "nunjucks";

type Frame = {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): Frame | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
};

/** Names split on ".", by name. Bounded, in case a template ever makes names up as it runs. */
const partsOf = new Map<string, readonly string[]>();
const MOST_NAMES = 10_000;

function split(name: string): readonly string[] {
  let parts = partsOf.get(name);
  if (!parts) {
    parts = name.split(".");
    if (partsOf.size < MOST_NAMES) partsOf.set(name, parts);
  }
  return parts;
}

let patched = false;

export function speedUpTemplateRuntime(): void {
  if (patched) return;
  patched = true;
  const { Frame } = nunjucks.runtime as unknown as { Frame: { prototype: Frame } };
  Frame.prototype.set = function set(this: Frame, name, value, resolveUp) {
    const parts = split(name);
    let variables = this.variables;
    if (resolveUp) {
      const frame = this.resolve(parts[0], true);
      if (frame) {
        frame.set(name, value);
        return;
      }
    }
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i];
      if (!variables[id]) variables[id] = {};
      variables = variables[id] as Record<string, unknown>;
    }
    variables[parts[parts.length - 1]] = value;
  };
}
