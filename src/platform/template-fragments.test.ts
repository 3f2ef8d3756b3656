// A fragment is rendered once per distinct keys and then reused; pages built from reused
// fragments must read exactly as if rendered afresh.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import nunjucks from "nunjucks";
import { loadConfig } from "../config.ts";
import { FragmentExtension } from "./template-fragments.ts";
import { createViewEnvironment } from "./views.ts";

function environment(reuse: boolean) {
  const env = new nunjucks.Environment(null, { autoescape: true });
  env.addExtension("fragment", new FragmentExtension({ reuse }));
  const renders: string[] = [];
  env.addGlobal("count", (what: string) => {
    renders.push(what);
    return "";
  });
  return { env, renders };
}

const source = `{% fragment "greeting", section %}{{ count("greeting") }}<p class="{{ section }}">{{ "Hello & welcome" }}</p>{% endfragment %}`;

describe("template fragments", () => {
  test("renders once per key, then gives the same markup", () => {
    const { env, renders } = environment(true);
    const template = new nunjucks.Template(source, env);
    const first = template.render({ section: "report" });
    assert.equal(first, `<p class="report">Hello &amp; welcome</p>`);
    assert.equal(template.render({ section: "report" }), first);
    assert.equal(template.render({ section: "area" }), `<p class="area">Hello &amp; welcome</p>`);
    assert.equal(template.render({ section: "report" }), first);
    assert.deepEqual(renders, ["greeting", "greeting"], "once for report, once for area");
  });

  test("keys of different types do not share a rendering", () => {
    const { env, renders } = environment(true);
    const template = new nunjucks.Template(source, env);
    template.render({ section: 1 });
    template.render({ section: "1" });
    template.render({});
    template.render({ section: null });
    assert.equal(renders.length, 4);
  });

  test("refuses an object as a key", () => {
    const { env } = environment(true);
    const template = new nunjucks.Template(source, env);
    assert.throws(() => template.render({ section: { id: 1 } }), /object as a key/);
  });

  test("stops keeping renderings when given too many different keys", () => {
    const { env, renders } = environment(true);
    const template = new nunjucks.Template(source, env);
    for (let i = 0; i < 100; i++) {
      assert.equal(
        template.render({ section: `s${i}` }),
        `<p class="s${i}">Hello &amp; welcome</p>`,
      );
    }
    for (let i = 0; i < 100; i++) template.render({ section: `s${i}` });
    // The first 64 keys are kept; the other 36 render every time.
    assert.equal(renders.length, 100 + 36);
  });

  test("renders every time when not reusing (development)", () => {
    const { env, renders } = environment(false);
    const template = new nunjucks.Template(source, env);
    template.render({ section: "report" });
    template.render({ section: "report" });
    assert.equal(renders.length, 2);
  });

  test("the layout marks the page's own section in the header, page after page", () => {
    const env = createViewEnvironment(loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp" }));
    const active = (currentPath: string, context: Record<string, unknown> = {}) => {
      const html = env.render("errors/client.njk", { currentPath, title: "T", ...context });
      return {
        section: /govuk-service-navigation__item--active">\s*<a[^>]*href="([^"]+)"/.exec(html)?.[1],
        search: html.includes('id="header-search-q"'),
      };
    };
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(active("/services/report-a-theft/emergency"), {
        section: "/report",
        search: true,
      });
      assert.deepEqual(active("/report"), { section: "/report", search: true });
      assert.deepEqual(active("/advice/keep-your-bike-safe"), { section: "/advice", search: true });
      assert.deepEqual(active("/area/camden"), { section: "/area", search: true });
      assert.deepEqual(active("/"), { section: undefined, search: true });
      assert.deepEqual(active("/search", { searchPage: true }), {
        section: undefined,
        search: false,
      });
      assert.deepEqual(active("/track"), { section: "/track", search: true });
    }
  });
});
