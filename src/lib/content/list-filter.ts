/** Minimal shape the list helpers need, so they work on catalog items and on test data alike. */
export interface Filterable {
  key: string;
  tags: string[];
  productArea?: string;
}

/** GET parameters of a list page: `?tag=…&area=…` (empty = no filter). */
export interface ListFilter {
  tag?: string;
  area?: string;
}

/** Read the filter from a URL; unknown or over-long values are ignored rather than rejected. */
export function readListFilter(params: URLSearchParams): ListFilter {
  const clean = (v: string | null) => (v && v.length <= 40 ? v : undefined);
  return { tag: clean(params.get('tag')), area: clean(params.get('area')) };
}

export function matchesFilter(item: Filterable, filter: ListFilter): boolean {
  if (filter.tag && !item.tags.includes(filter.tag)) return false;
  if (filter.area && item.productArea !== filter.area) return false;
  return true;
}

export interface Facet {
  value: string;
  count: number;
}

/** Tag and product-area options with their item counts, most used first, for the filter form. */
export function collectFacets(items: Filterable[]): { tags: Facet[]; areas: Facet[] } {
  const tags = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const item of items) {
    for (const tag of item.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    if (item.productArea) areas.set(item.productArea, (areas.get(item.productArea) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) =>
    [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { tags: sorted(tags), areas: sorted(areas) };
}

/** Previous and next page of a manual series, by `order`. */
export function seriesNeighbours<T extends { key: string; order: number }>(
  pages: T[],
  currentKey: string,
): { previous?: T; next?: T; position: number; total: number } {
  const sorted = [...pages].sort((a, b) => a.order - b.order);
  const index = sorted.findIndex((p) => p.key === currentKey);
  return {
    previous: index > 0 ? sorted[index - 1] : undefined,
    next: index >= 0 ? sorted[index + 1] : undefined,
    position: index + 1,
    total: sorted.length,
  };
}

/** "m:ss" or "h:mm:ss" → seconds. */
export function chapterSeconds(at: string): number {
  return at.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}
