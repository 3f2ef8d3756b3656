// Makes Nunjucks stop redoing, on every render, work whose result never changes while the
// templates are cached. A question page runs about thirty `{% from "…/macro.njk" import … %}`:
// the layout's eleven govuk components, forms/components.njk's eight, and each govuk
// component's template importing its own sub-components every time its macro is called. For
// each one Nunjucks resolves the file name against every loader (path.resolve) and runs the
// macro file again to get the macro out, so importing cost more than a third of rendering.
//
// Both are safe to keep:
// - A name asked for from a given template always resolves to the same file, and with
//   caching on (not in development) Nunjucks keeps that file's Template for the life of the
//   environment anyway. Only the look-up is skipped.
// - An import without "with context" runs the macro file with an empty context, so what it
//   exports (its macros) depends only on the file and the environment's globals, which are
//   set once at start-up. The macros close over that run's own context, which nothing
//   writes to after the run, so renders can share them. Imports "with context" and includes
//   still run every time: they see the caller's variables.
// See docs/adr/0011-forms-throughput.md.
import type nunjucks from "nunjucks";

type Callback = (error: Error | null, result?: unknown) => void;

/** The parts of nunjucks' Template this relies on (not all in @types/nunjucks). */
type LoadedTemplate = nunjucks.Template & {
  path?: string;
  compile(): void;
  getExported(context: unknown, parentFrame?: unknown, callback?: unknown): void;
  [reused]?: true;
};

type GetTemplate = (
  name: unknown,
  eagerCompile?: unknown,
  parentName?: unknown,
  ignoreMissing?: unknown,
  callback?: unknown,
) => LoadedTemplate | undefined;

const reused = Symbol("exports reused");

/** Changes `env` in place. Do not call it when templates are reloaded (development). */
export function cacheTemplateImports(env: nunjucks.Environment): void {
  const lookUp = (env as unknown as { getTemplate: GetTemplate }).getTemplate.bind(env);
  // By the asking template's path, then by the name it asked for.
  const found = new Map<unknown, Map<string, LoadedTemplate>>();

  const getTemplate: GetTemplate = (name, eagerCompile, parentName, ignoreMissing, callback) => {
    // The same optional-argument shuffle as Environment.getTemplate.
    if (typeof parentName === "function") {
      callback = parentName;
      parentName = null;
    }
    if (typeof eagerCompile === "function") {
      callback = eagerCompile;
      eagerCompile = false;
    }
    const done = callback as Callback | undefined;
    const byName = typeof name === "string" ? found.get(parentName ?? null) : undefined;
    const known = byName?.get(name as string);
    if (known) {
      if (eagerCompile) known.compile();
      if (!done) return known;
      done(null, known);
      return undefined;
    }
    let result: LoadedTemplate | undefined;
    let failure: Error | null = null;
    lookUp(
      name,
      eagerCompile,
      parentName,
      ignoreMissing,
      (error: Error | null, template: LoadedTemplate) => {
        // A missing template asked for with "ignore missing" is an empty stand-in with no
        // path; it is not kept, so adding the file later still works as Nunjucks would.
        if (!error && typeof name === "string" && template.path) {
          reuseExports(template);
          let names = found.get(parentName ?? null);
          if (!names) {
            names = new Map();
            found.set(parentName ?? null, names);
          }
          names.set(name, template);
        }
        if (done) done(error, template);
        else if (error) failure = error;
        else result = template;
      },
    );
    if (failure) throw failure;
    return result;
  };
  (env as unknown as { getTemplate: GetTemplate }).getTemplate = getTemplate;
}

function reuseExports(template: LoadedTemplate): void {
  if (template[reused]) return;
  template[reused] = true;
  const run = template.getExported.bind(template);
  let exported: unknown;
  template.getExported = (context, parentFrame, callback) => {
    // getExported(callback) is an import without context; anything else passes the
    // importer's variables and frame, and must run each time.
    if (typeof context !== "function" || parentFrame !== undefined || callback !== undefined) {
      return run(context, parentFrame, callback);
    }
    const done = context as Callback;
    if (exported) return done(null, exported);
    run((error: Error | null, result: unknown) => {
      if (!error) exported = result;
      done(error, result);
    });
  };
}
