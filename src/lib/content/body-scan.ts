/**
 * Finds what the content check needs in an MDX body (component attributes, Markdown links and images,
 * headings) with 1-based line/column relative to the body. Code (fenced and inline), comments and
 * import/export lines are masked first, so examples inside code blocks are never checked.
 */

export interface Found {
  line: number;
  column: number;
}

const FENCE_OPEN = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})[ \t]*$/;

/** Same text, same length and line breaks, with code, comments and ESM lines replaced by spaces. */
export function maskCode(body: string, opts: { keepComments?: boolean } = {}): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let fence: string | undefined;
  let inEsm = false;
  const lines = body.split('\n').map((line) => {
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = undefined;
      return blank(line);
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = open[1]!;
      return blank(line);
    }
    if (inEsm || /^(?:import|export)\b/.test(line)) {
      inEsm = line.trim() !== '';
      return blank(line);
    }
    return line;
  });
  const joined = lines.join('\n');
  return (opts.keepComments ? joined : joined.replace(/<!--[\s\S]*?-->/g, blank))
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
    .replace(/(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])*?)(?<!`)\1(?!`)/g, blank);
}

function position(text: string, offset: number): Found {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const ATTR = (name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`, 'g');

/** `<Component attr="value">` usages (string values) with the attribute's position. */
export function findComponentAttrs(body: string, component: string, attr: string): (Found & { value: string })[] {
  const masked = maskCode(body);
  const found: (Found & { value: string })[] = [];
  for (const m of masked.matchAll(new RegExp(`<${component}\\b[^>]*>`, 'g'))) {
    for (const a of m[0].matchAll(ATTR(attr))) {
      found.push({ value: a[1] ?? a[2] ?? a[3] ?? '', ...position(masked, (m.index ?? 0) + (a.index ?? 0)) });
    }
  }
  return found;
}

/** Markdown links `[text](url)` and images `![alt](src)`; the position is the `[` or `!`. */
export function findMarkdownLinks(body: string): (Found & { url: string; image: boolean })[] {
  const masked = maskCode(body);
  const found: (Found & { url: string; image: boolean })[] = [];
  const link = /(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
  for (const m of masked.matchAll(link)) {
    found.push({ url: m[2]!, image: m[1] === '!', ...position(masked, m.index ?? 0) });
  }
  return found;
}

/** ATX headings (`## Title`) outside code, with their depth. */
export function findHeadings(body: string): (Found & { depth: number; text: string })[] {
  const found: (Found & { depth: number; text: string })[] = [];
  maskCode(body)
    .split('\n')
    .forEach((line, i) => {
      const m = /^( {0,3})(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$/.exec(line);
      if (m) found.push({ depth: m[2]!.length, text: (m[3] ?? '').trim(), line: i + 1, column: m[1]!.length + 1 });
    });
  return found;
}
