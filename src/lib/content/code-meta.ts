/**
 * Code-block titles and line highlights from the fence's meta string, in the syntax Starlight (Expressive
 * Code) and Docusaurus both write: ```js title="app.js" {1,3-4} ins={5} del={6}. A Shiki transformer puts
 * them on the highlighted block; src/components/content/CodeBlock.astro draws the title.
 */
export interface CodeMeta {
  title?: string;
  /** 1-based line numbers to mark (`{…}` or `mark={…}`). */
  marked: Set<number>;
  inserted: Set<number>;
  deleted: Set<number>;
}

function lineSet(ranges: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (ranges ?? '').split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(Number(m[2] ?? m[1]), from + 10_000);
    for (let n = from; n <= to; n++) out.add(n);
  }
  return out;
}

export function parseCodeMeta(meta: string | undefined): CodeMeta {
  const text = meta ?? '';
  const title = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(text);
  const braces = (name: string) => new RegExp(`(?:^|\\s)${name}=\\{([^}]*)\\}`).exec(text)?.[1];
  // A bare {…} (Docusaurus, Expressive Code) marks lines.
  const bare = [...text.matchAll(/(?:^|\s)\{([\d,\s-]+)\}/g)].map((m) => m[1]).join(',');
  return {
    title: title ? (title[1] ?? title[2] ?? title[3]) : undefined,
    marked: lineSet([bare, braces('mark')].filter(Boolean).join(',')),
    inserted: lineSet(braces('ins')),
    deleted: lineSet(braces('del')),
  };
}

interface HastElement {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: unknown[];
}

const addClass = (node: HastElement, name: string) => {
  const current = node.properties.class;
  node.properties.class = current ? `${String(current)} ${name}` : name;
};

/** The Shiki transformer: `data-title` on the <pre>, `line--mark|ins|del` classes on marked lines. */
export function codeMetaTransformer() {
  return {
    name: 'jisou:code-meta',
    pre(this: { options: { meta?: { __raw?: string } } }, node: HastElement) {
      const meta = parseCodeMeta(this.options.meta?.__raw);
      if (meta.title) node.properties['data-title'] = meta.title;
    },
    line(this: { options: { meta?: { __raw?: string } } }, node: HastElement, line: number) {
      const meta = parseCodeMeta(this.options.meta?.__raw);
      if (meta.marked.has(line)) addClass(node, 'line--mark');
      if (meta.inserted.has(line)) addClass(node, 'line--ins');
      if (meta.deleted.has(line)) addClass(node, 'line--del');
    },
  };
}
