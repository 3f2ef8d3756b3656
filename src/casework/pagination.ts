// govukPagination's parameters for page `current` of `last`: the first and last pages, the
// ones either side of the current one, and an ellipsis for each gap.
export type PaginationItem = {
  number?: number;
  href?: string;
  current?: boolean;
  ellipsis?: boolean;
};

export function pagination(
  current: number,
  last: number,
  href: (page: number) => string,
): { items: PaginationItem[]; previous?: { href: string }; next?: { href: string } } | undefined {
  if (last <= 1) return undefined;
  const pages = [...new Set([1, current - 1, current, current + 1, last])]
    .filter((p) => p >= 1 && p <= last)
    .sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  let before = 0;
  for (const page of pages) {
    if (page - before > 1) items.push({ ellipsis: true });
    items.push({ number: page, href: href(page), current: page === current });
    before = page;
  }
  return {
    items,
    ...(current > 1 ? { previous: { href: href(Math.min(current - 1, last)) } } : {}),
    ...(current < last ? { next: { href: href(current + 1) } } : {}),
  };
}
