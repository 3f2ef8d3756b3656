// Area pages kept by address: stale pages are served while they are rendered again, and
// clear() means the next view is rendered from the database, whatever was under way.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PageCache } from "./page-cache.ts";

describe("the page cache", () => {
  const later = () => new Promise((resolve) => setImmediate(resolve));

  test("a page is rendered once, then served from memory", async () => {
    const cache = new PageCache<string>({ maxAgeMs: 1000, limit: 10 });
    let renders = 0;
    const render = async () => `page ${++renders}`;
    assert.equal(await cache.get("a", render), "page 1");
    assert.equal(await cache.get("a", render), "page 1");
    assert.equal(renders, 1);
  });

  test("past its age a page is still served while it is rendered again", async () => {
    let now = 0;
    const cache = new PageCache<string>({ maxAgeMs: 1000, limit: 10, now: () => now });
    let renders = 0;
    const render = async () => `page ${++renders}`;
    await cache.get("a", render);
    now = 1500;
    assert.equal(await cache.get("a", render), "page 1", "the old page, at once");
    await later();
    assert.equal(await cache.get("a", render), "page 2");
    assert.equal(renders, 2);
  });

  test("clear() drops renders under way: the next view renders again", async () => {
    const dropped: string[] = [];
    const cache = new PageCache<string>({
      maxAgeMs: 1000,
      limit: 10,
      onDrop: (page) => dropped.push(page),
    });
    let release: (page: string) => void = () => {};
    const slow = cache.get("a", () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release("before the change");
    assert.equal(await slow, "before the change", "the view that asked still gets an answer");
    assert.equal(await cache.get("a", async () => "after the change"), "after the change");
    await later();
    assert.deepEqual(dropped, ["before the change"]);
  });

  test("no such page, or a failed render, is not kept", async () => {
    const cache = new PageCache<string>({ maxAgeMs: 1000, limit: 10 });
    assert.equal(await cache.get("nowhere", async () => undefined), undefined);
    await assert.rejects(cache.get("broken", async () => Promise.reject(new Error("down"))));
    await later();
    assert.equal(cache.size, 0);
  });

  test("past the limit the least recently viewed page goes", async () => {
    const dropped: string[] = [];
    const cache = new PageCache<string>({
      maxAgeMs: 1000,
      limit: 2,
      onDrop: (page) => dropped.push(page),
    });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "a again");
    await cache.get("c", async () => "c");
    await later();
    assert.deepEqual(dropped, ["b"]);
    assert.equal(await cache.get("a", async () => "a again"), "a");
  });

  test("unknown addresses never push real pages out, even many at once", async () => {
    const dropped: string[] = [];
    const cache = new PageCache<string>({
      maxAgeMs: 1000,
      limit: 2,
      onDrop: (page) => dropped.push(page),
    });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    // Some at once, still rendering while a real page arrives; then more, one by one.
    const nowhere: Array<(page: undefined) => void> = [];
    const pending = Array.from({ length: 5 }, (_, i) =>
      cache.get(`nowhere ${i}`, () => new Promise((resolve) => nowhere.push(resolve))),
    );
    await cache.get("c", async () => "c");
    for (const resolve of nowhere) resolve(undefined);
    await Promise.all(pending);
    for (let i = 0; i < 20; i++) await cache.get(`fake ${i}`, async () => undefined);
    await later();
    assert.deepEqual(dropped, ["a"], "only room for c was made, once");
    assert.equal(cache.size, 2);
    assert.equal(await cache.get("b", async () => "b rendered again"), "b");
    assert.equal(await cache.get("c", async () => "c rendered again"), "c");
  });
});
