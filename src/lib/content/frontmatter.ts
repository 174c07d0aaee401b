import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';

export interface ParsedFile {
  /** Frontmatter as plain data (undefined when the file has none or it does not parse). */
  data: unknown;
  /** MDX body after the frontmatter. */
  body: string;
  /** 1-based line where the body starts in the file. */
  bodyLine: number;
  /** Locate a frontmatter field path (e.g. ["stages", 0, "items", 2]) as 1-based line/column in the file. */
  locate(path: readonly (string | number)[]): { line: number; column: number };
  /** YAML syntax errors, if any. */
  yamlErrors: { message: string; line: number; column: number }[];
}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Split an MDX file into frontmatter and body, keeping positions so errors can point at a line. */
export function parseMdxFile(source: string): ParsedFile {
  const match = FENCE.exec(source);
  if (!match) {
    return {
      data: undefined,
      body: source,
      bodyLine: 1,
      locate: () => ({ line: 1, column: 1 }),
      yamlErrors: [{ message: 'the file has no frontmatter block between "---" lines', line: 1, column: 1 }],
    };
  }
  const yamlText = match[1] ?? '';
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const yamlErrors = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { message: e.message.split('\n')[0] ?? e.message, line: pos.line + 1, column: pos.col };
  });
  const bodyLine = match[0].split('\n').length;
  return {
    data: yamlErrors.length ? undefined : doc.toJS(),
    body: source.slice(match[0].length),
    bodyLine: match[0].endsWith('\n') ? bodyLine : bodyLine + 1,
    yamlErrors,
    locate(path) {
      // Walk as deep as the path exists; point at the deepest node found (or the frontmatter start).
      let node: Node | null | undefined = doc.contents as Node | null;
      let range: [number, number, number] | undefined = node?.range ?? undefined;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
          if (!pair) break;
          const keyNode = pair.key as Node | null;
          range = keyNode?.range ?? range;
          node = pair.value as Node | null;
          if (node?.range) range = node.range;
        } else if (isSeq(node) && typeof segment === 'number') {
          const item = node.items[segment] as Node | undefined;
          if (!item) break;
          node = item;
          if (item.range) range = item.range;
        } else break;
      }
      if (!range) return { line: 2, column: 1 };
      const pos = lineCounter.linePos(range[0]);
      // +1 for the opening "---" line.
      return { line: pos.line + 1, column: pos.col };
    },
  };
}
