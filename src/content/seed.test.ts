import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadCatalogue } from "../forms/runner/catalogue.ts";
import { crimeCategories } from "../neighbourhoods/categories.ts";
import { needsReason, pageFindings } from "./plain-english.ts";
import { parseSeedFile, readSeedContent } from "./seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const forms = loadCatalogue(path.join(root, "forms"));
const pages = readSeedContent(path.join(root, "content"), new Set(forms.keys()));

test("advice for every police.uk crime category", () => {
  const covered = new Set(pages.filter((p) => p.type === "advice").flatMap((p) => p.categories));
  assert.deepEqual(
    crimeCategories.map((c) => c.slug).filter((slug) => !covered.has(slug)),
    [],
  );
});

test("a start page for every service in forms/", () => {
  const started = new Set(pages.filter((p) => p.type === "service-start").map((p) => p.formId));
  assert.deepEqual(
    [...forms.keys()].filter((id) => !started.has(id)),
    [],
  );
});

test("the standard information pages", () => {
  const slugs = pages.filter((p) => p.type === "information").map((p) => p.slug);
  for (const slug of [
    "what-happens-after-you-report",
    "your-rights-as-a-victim",
    "hate-crime",
    "how-to-complain",
    "freedom-of-information",
  ]) {
    assert.ok(slugs.includes(slug), slug);
  }
});

test("every seed page is plain enough to publish without a stated reason", () => {
  for (const page of pages) {
    const findings = pageFindings(page);
    assert.ok(
      !needsReason(findings),
      `${page.file}: ${findings.map((f) => `${f.kind} "${f.excerpt}"`).join("; ")}`,
    );
  }
});

test("links between seed pages go to pages that exist", () => {
  const known = new Set([
    ...pages.map((p) =>
      p.type === "service-start"
        ? `/services/${p.formId}`
        : `/${p.type === "area-notice" ? "notices" : p.type}/${p.slug}`,
    ),
    "/track",
    "/area",
  ]);
  for (const page of pages) {
    for (const [, href] of page.body.matchAll(/\]\((\/[^)\s#]*)\)/g)) {
      assert.ok(known.has(href), `${page.file} links to ${href}`);
    }
  }
});

test("a bad seed file names itself and the problem", () => {
  const file = "content/advice/bad.md";
  assert.throws(
    () => parseSeedFile(file, "no front matter"),
    /content\/advice\/bad.md: starts with front matter/,
  );
  assert.throws(
    () => parseSeedFile(file, "---\ntype: leaflet\n---\nText"),
    /type "leaflet" is not a content type/,
  );
  assert.throws(
    () =>
      parseSeedFile(
        file,
        "---\ntype: advice\nslug: a\ntitle: A\nsummary: B\ntags:\n  categories: [mugging]\n---\nText",
      ),
    /mugging is not a police.uk crime category/,
  );
  assert.throws(
    () =>
      parseSeedFile(
        file,
        "---\ntype: service-start\nslug: a\ntitle: A\nsummary: B\nform: nope\n---\nText",
        new Set(["x"]),
      ),
    /there is no service nope/,
  );
});
