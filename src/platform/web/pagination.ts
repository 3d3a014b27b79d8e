export interface PaginationLinks {
  items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }>;
  previous: { href: string } | undefined;
  next: { href: string } | undefined;
}

/**
 * The GOV.UK pagination component's parameters: the first and last pages, the ones either side
 * of this one, and gaps shown as ellipses. Null when everything fits on one page.
 */
export function paginationLinks(page: number, pageSize: number, total: number, hrefFor: (page: number) => string): PaginationLinks | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  const nearby = new Set([1, pages, page - 1, page, page + 1].filter((number) => number >= 1 && number <= pages));
  const items: PaginationLinks['items'] = [];
  let previous = 0;
  for (const number of [...nearby].sort((a, b) => a - b)) {
    if (number - previous > 1) items.push({ ellipsis: true });
    items.push({ number, href: hrefFor(number), current: number === page });
    previous = number;
  }
  return {
    items,
    previous: page > 1 ? { href: hrefFor(page - 1) } : undefined,
    next: page < pages ? { href: hrefFor(page + 1) } : undefined,
  };
}

/** Pagination for a page whose filters are simple query values, keeping them in each link. */
export function pagination(basePath: string, query: Record<string, unknown>, page: number, pageSize: number, total: number): PaginationLinks | null {
  return paginationLinks(page, pageSize, total, (target) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value);
    }
    params.set('page', String(target));
    return `${basePath}?${params.toString()}`;
  });
}
