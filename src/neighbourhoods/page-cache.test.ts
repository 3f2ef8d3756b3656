// Whole pages kept as bytes: each view gets its own nonce wherever the page had the stand-in,
// copies are used again only once sent, stale pages are served while they are rendered again,
// and clear() means the next view is rendered from the database, whatever was under way.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CachedPage, NONCE_STAND_IN, PageCache } from "./page-cache.ts";

const nonceA = "a".repeat(32);
const nonceB = "b".repeat(32);

describe("a cached page", () => {
  const html = `<script nonce="${NONCE_STAND_IN}">x</script><p>Église</p><i nonce="${NONCE_STAND_IN}"></i>`;
  const expect = (nonce: string) => html.replaceAll(NONCE_STAND_IN, nonce);

  test("each view has its own nonce in every place, and a copy is used again only once sent", () => {
    const page = new CachedPage(html);
    const first = page.withNonce(nonceA);
    const second = page.withNonce(nonceB);
    assert.notEqual(first, second);
    assert.equal(first.toString(), expect(nonceA));
    assert.equal(second.toString(), expect(nonceB));
    page.sent(first);
    const third = page.withNonce(nonceB);
    assert.equal(third, first, "the sent copy is used again");
    assert.equal(third.toString(), expect(nonceB));
    assert.equal(second.toString(), expect(nonceB), "a copy in flight is never written to");
  });

  test("a nonce of another length is spliced in", () => {
    const page = new CachedPage(html);
    assert.equal(page.withNonce("short").toString(), expect("short"));
    assert.equal(page.withNonce("").toString(), expect(""));
  });

  test("a dropped page keeps no copies", () => {
    const page = new CachedPage(html);
    const copy = page.withNonce(nonceA);
    page.dropped();
    page.sent(copy);
    assert.notEqual(page.withNonce(nonceA), copy);
  });
});

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
