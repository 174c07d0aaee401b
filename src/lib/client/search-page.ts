// The /search page: loads the index this session may read (named by the server in data-index),
// searches as the reader types, renders results as links (tab order, plus ↑/↓ between them) and
// reports queries that found nothing — or only "related" pages below the divider — as content gaps.
import { createEngine, type Engine, type Filters, type Hit, type SearchMode } from './search-engine.ts';
import { normalizeQuery } from './search-terms.ts';

type Labels = Record<string, string>;

function format(labels: Labels, key: string, params: Record<string, string | number> = {}): string {
  return (labels[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));
}

/** Excerpt segments as text nodes and <mark> elements: nothing from the index is parsed as HTML. */
function excerptNodes(hit: Hit): Node[] {
  return hit.excerpt.map((segment) => {
    if (!segment.mark) return document.createTextNode(segment.text);
    const mark = document.createElement('mark');
    mark.textContent = segment.text;
    return mark;
  });
}

function divider(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'search-related-divider';
  li.setAttribute('role', 'separator');
  li.textContent = text;
  return li;
}

function renderHit(hit: Hit, labels: Labels, related = false, locale = ''): HTMLLIElement {
  const li = document.createElement('li');
  li.className = related ? 'search-hit search-hit-related' : 'search-hit';
  const link = document.createElement('a');
  link.href = hit.url;
  link.className = 'search-hit-link';
  link.textContent = hit.title;
  const meta = document.createElement('p');
  meta.className = 'search-hit-meta';
  const type = document.createElement('span');
  type.className = 'search-hit-type';
  type.textContent = format(labels, `search.type.${hit.type}`);
  const level = document.createElement('span');
  level.className = 'search-hit-level';
  level.textContent = `${format(labels, 'search.level.name', { level: hit.level })} ${format(labels, `search.level.${hit.level}`)}`;
  meta.append(type, level);
  // A page in the other language (no translation in the reader's): said so, and read in its language.
  if (locale && hit.locale && hit.locale !== locale) {
    li.lang = hit.locale;
    const language = document.createElement('span');
    language.className = 'search-hit-language';
    language.lang = locale;
    language.textContent = format(labels, `search.hit.language.${hit.locale}`);
    meta.append(language);
  }
  if (hit.area) {
    const area = document.createElement('span');
    area.className = 'search-hit-area';
    area.textContent = labels[`labels.area.${hit.area}`] ?? hit.area;
    meta.append(area);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'search-hit-excerpt';
  excerpt.append(...excerptNodes(hit));
  li.append(link, meta, excerpt);
  return li;
}

async function start(form: HTMLFormElement): Promise<void> {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const selects = [...form.querySelectorAll<HTMLSelectElement>('select[data-filter]')];
  const status = document.getElementById('search-status')!;
  const list = document.getElementById('search-results') as HTMLOListElement;
  const moreButton = document.getElementById('search-more') as HTMLButtonElement | null;
  const locale = form.dataset.locale ?? '';
  const PAGE = 10;
  let limit = PAGE;
  let lastKey = '';
  const labels = JSON.parse(form.dataset.labels ?? '{}') as Labels;
  const gapUrl = form.dataset.gapUrl ?? '';
  const reported = new Set<string>();
  let gapTimer: ReturnType<typeof setTimeout> | undefined;

  status.textContent = format(labels, 'search.status.loading');
  const index = form.dataset.index ?? '';
  // No index for this reader (nothing published for their audience yet): every search simply finds nothing.
  const empty: Engine = { search: async () => ({ hits: [], related: [], total: 0, more: false, ms: 0 }), filters: async () => ({}), warm: async () => undefined };
  let engine: Engine = empty;
  if (index) try {
    engine = await createEngine({
      base: form.dataset.base ?? '/search-index/',
      index,
      mode: (form.dataset.mode as SearchMode) ?? 'native',
      locale,
      pages: Number(form.dataset.pages ?? Infinity),
      warmWords: (form.dataset.warm ?? '').split(' ').filter(Boolean),
      bundled: form.dataset.bundled === 'true',
    });
  } catch {
    status.textContent = format(labels, 'search.status.error');
    return;
  }

  const areaSelect = selects.find((s) => s.dataset.filter === 'area');
  if (areaSelect) {
    const areas = Object.keys((await engine.filters()).area ?? {}).sort();
    const chosen = areaSelect.value;
    for (const area of areas) {
      if (area === chosen) continue;
      areaSelect.append(new Option(labels[`labels.area.${area}`] ?? area, area));
    }
  }

  const reportGap = (query: string) => {
    const q = normalizeQuery(query);
    if (!q || reported.has(q) || !gapUrl) return;
    reported.add(q);
    void fetch(gapUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q }),
      keepalive: true,
    }).catch(() => undefined);
  };

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a.search-hit-link')];
  let sequence = 0;
  const run = async (opts: { settle?: boolean; more?: boolean } = {}) => {
    const mine = ++sequence;
    const query = input.value.trim();
    const filters: Filters = {};
    for (const s of selects) if (s.value) filters[s.dataset.filter as keyof Filters] = s.value;
    // A new query or filter starts at the first page again; "more" adds a page to the same search.
    const key = JSON.stringify([query, filters]);
    limit = opts.more && key === lastKey ? limit + PAGE : PAGE;
    lastKey = key;
    const url = new URL(location.href);
    url.search = '';
    if (query) url.searchParams.set('q', query);
    for (const [k, v] of Object.entries(filters)) url.searchParams.set(k, v!);
    history.replaceState(null, '', url);
    clearTimeout(gapTimer);
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      if (moreButton) moreButton.hidden = true;
      status.textContent = format(labels, 'search.status.prompt');
      form.dataset.state = 'idle';
      return;
    }
    const shownBefore = opts.more ? links().length : 0;
    const outcome = await engine.search(query, filters, limit, { exact: limit > PAGE });
    if (mine !== sequence) return;
    // Pages found only through a shortened word (Pagefind's fallback for a word no page contains)
    // come after a divider, never mixed into the results.
    const related = outcome.related.length
      ? [divider(format(labels, 'search.related.heading')), ...outcome.related.map((h) => renderHit(h, labels, true, locale))]
      : [];
    list.replaceChildren(...outcome.hits.map((h) => renderHit(h, labels, false, locale)), ...related);
    if (moreButton) moreButton.hidden = !outcome.more;
    status.textContent = !outcome.hits.length
      ? format(labels, outcome.related.length ? 'search.status.related' : 'search.status.none', { query })
      : outcome.more
        ? format(labels, 'search.status.shown', { count: outcome.total, shown: outcome.hits.length })
        : format(labels, 'search.status.count', { count: outcome.hits.length });
    // After "more", focus moves to the first new result, so a keyboard reader continues where the list grew.
    if (opts.more) (links()[shownBefore] ?? input).focus();
    form.dataset.state = 'done';
    form.dataset.query = query;
    if (!outcome.hits.length && query) {
      // Counted once the reader stops typing (or presses Enter), not for every keystroke.
      if (opts.settle) reportGap(query);
      else gapTimer = setTimeout(() => reportGap(query), 1500);
    }
  };

  input.addEventListener('input', () => void run());
  moreButton?.addEventListener('click', () => void run({ more: true }));
  for (const s of selects) s.addEventListener('change', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run({ settle: true });
  });

  // ↓ from the field enters the results; ↑/↓ move between them; Escape returns to the field.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault();
      links()[0]!.focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' && at < all.length - 1) all[at + 1]!.focus();
    else if (event.key === 'ArrowUp') (at === 0 ? input : all[at - 1]!).focus();
    else if (event.key === 'Escape') input.focus();
    else return;
    event.preventDefault();
  });

  form.dataset.ready = 'true';
  if (!input.value.trim()) {
    const idle = (window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50))) as (f: () => void) => void;
    idle(() => void engine.warm().then(() => (form.dataset.warmed = 'true')).catch(() => undefined));
  }
  await run();
}

const form = document.querySelector<HTMLFormElement>('form[data-search-page]');
if (form) void start(form);
