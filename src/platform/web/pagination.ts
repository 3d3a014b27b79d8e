/** Builds the GOV.UK pagination component's parameters, keeping the current filters in each link. */
export function pagination(basePath: string, query: Record<string, unknown>, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value);
    }
    params.set('page', String(target));
    return `${basePath}?${params.toString()}`;
  };
  const nearby = new Set([1, pages, page - 1, page, page + 1].filter((number) => number >= 1 && number <= pages));
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  let previous = 0;
  for (const number of [...nearby].sort((a, b) => a - b)) {
    if (number - previous > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page });
    previous = number;
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}
