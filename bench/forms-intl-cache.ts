// A what-if for the forms benchmark, loaded with `node --import` into an unchanged Bluelamp:
// every `new Intl.DateTimeFormat(locales, options)` returns one cached formatter per
// (locales, options). That is what caching the formatter in todayInUk
// (src/forms/engine/form-index.ts) would do; the row "bluelamp-sqlite-intl-cache" measures
// the gain before anyone changes src/. Not for production use: a bench experiment only.
const Original = Intl.DateTimeFormat;
const cache = new Map<string, Intl.DateTimeFormat>();

function CachedDateTimeFormat(
  locales?: string | string[],
  options?: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = JSON.stringify([locales ?? null, options ?? null]);
  let format = cache.get(key);
  if (!format) {
    format = new Original(locales, options);
    if (cache.size < 100) cache.set(key, format);
  }
  return format;
}
CachedDateTimeFormat.prototype = Original.prototype;
CachedDateTimeFormat.supportedLocalesOf = Original.supportedLocalesOf;
Object.defineProperty(Intl, "DateTimeFormat", {
  value: CachedDateTimeFormat,
  writable: true,
  configurable: true,
});
