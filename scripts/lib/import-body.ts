/**
 * Turns the body of a Starlight, Docusaurus or plain Markdown page into a Jisou MDX body: imports
 * removed, admonitions and components mapped to ours, unknown components unwrapped (children kept),
 * internal links and images rewritten through the callbacks. Code (fenced and inline) is never touched.
 * Every change that loses something is reported, so the import report lists what is left by hand.
 */
import { maskCode } from '../../src/lib/content/body-scan.ts';
import { DIRECTIVE_TYPES } from '../../src/lib/content/check-body.ts';

export interface BodyContext {
  /** A link target as written in the source → the URL to write, or undefined to keep it (and report it). */
  rewriteLink(url: string): string | undefined;
  /** A local image as written in the source → its path under content/media/, or undefined when missing. */
  copyImage(src: string): string | undefined;
  /** `.md` sources are CommonMark: braces and bare `<` are text there, not MDX syntax. */
  markdown: boolean;
}

export interface BodyReport {
  mapped: string[];
  unwrapped: string[];
  removed: string[];
  /** Links whose target is neither imported nor on a known site: to fix by hand. */
  unresolvedLinks: string[];
  missingImages: string[];
}

const CALLOUT_TYPES: Record<string, 'note' | 'tip' | 'warning'> = { ...DIRECTIVE_TYPES };
/** Components we have under the same name (attributes kept as they are). */
const SAME = new Set(['Steps', 'FileTree', 'Callout', 'Kbd', 'Figure', 'Video', 'ItemLink', 'Tabs', 'Tab']);

const ATTRS = String.raw`((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*`;
const OPEN_TAG = new RegExp(`<([A-Z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)*)${ATTRS}(/?)>`, 'g');
const CLOSE_TAG = /<\/([A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)\s*>/g;

function attrsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\}|\{([^}]*)\}))?/g)) {
    out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? m[5] ?? 'true';
  }
  return out;
}

const quote = (s: string) => `"${s.replace(/"/g, '&quot;')}"`;

/** Replace matches found outside code (located on the masked text, read back from the original). */
function replaceOutsideCode(text: string, pattern: RegExp, replace: (m: RegExpExecArray) => string, keepComments = false): string {
  const masked = maskCode(text, { keepComments });
  const single = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  let out = '';
  let last = 0;
  for (const m of masked.matchAll(pattern)) {
    const slice = text.slice(m.index, m.index + m[0].length);
    // Inline code inside a match (link text) is blank in the mask: read the groups on the original.
    const groups = single.exec(slice) ?? (Object.assign([slice], { index: 0, input: slice }) as unknown as RegExpExecArray);
    out += text.slice(last, m.index) + replace(groups);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

export function convertBody(source: string, ctx: BodyContext): { body: string; report: BodyReport } {
  const report: BodyReport = { mapped: [], unwrapped: [], removed: [], unresolvedLinks: [], missingImages: [] };
  let body = source.replace(/\r\n/g, '\n');

  // 1. ESM: import/export lines (multi-line imports up to the blank line) and nothing else.
  body = removeEsm(body, report);

  // 2. Plain Markdown is not MDX: escape braces and a bare "<", make void tags self-closing, turn
  //    <https://…> autolinks into links.
  if (ctx.markdown) body = markdownToMdxText(body);
  // HTML comments do not parse in MDX (a .mdx page may still carry one): MDX comments instead.
  body = replaceOutsideCode(body, /<!--([\s\S]*?)-->/g, (m) => `{/*${m[1]!.replace(/\*\//g, '* /')}*/}`, true);

  // 3. ::: admonitions (Starlight `:::tip[Title]`, Docusaurus `:::tip Title`) → <Callout>.
  body = convertDirectives(body, report);

  // 4. Components.
  const stack: string[] = [];
  body = replaceOutsideCode(body, new RegExp(`${OPEN_TAG.source}|${CLOSE_TAG.source}`, 'g'), (m) => {
    const closing = m[0].startsWith('</');
    const name = closing ? m[4]! : m[1]!;
    const attrs = closing ? {} : attrsOf(m[2] ?? '');
    const selfClosing = !closing && m[3] === '/';
    return convertTag(name, attrs, closing, selfClosing, report, stack);
  });

  // 5. Links and images.
  body = replaceOutsideCode(body, /(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?((?:\s+(?:"[^"]*"|'[^']*'))?)\s*\)/g, (m) => {
    const [whole, bang, text, url, title] = m as unknown as string[];
    if (bang) {
      if (/^(?:https?:)?\/\//.test(url!) || url!.startsWith('data:')) return whole!;
      const media = ctx.copyImage(url!);
      if (!media) {
        report.missingImages.push(url!);
        return whole!;
      }
      return `<Figure src=${quote(media)} alt=${quote(text!)}${title ? ` caption=${quote(title.trim().slice(1, -1))}` : ''} />`;
    }
    const target = rewriteOrReport(url!, ctx, report);
    return `[${text}](${target}${title ?? ''})`;
  });
  // Reference definitions: [label]: /path
  body = replaceOutsideCode(body, /^( {0,3}\[[^\]]+\]:[ \t]*)(\S+)/gm, (m) => `${m[1]}${rewriteOrReport(m[2]!, ctx, report)}`);

  // 6. Headings: the page title is the H1, so sections start at ##, and no level is skipped.
  body = fixHeadings(body);
  return { body: `${body.replace(/\n{3,}/g, '\n\n').trim()}\n`, report };
}

function rewriteOrReport(url: string, ctx: BodyContext, report: BodyReport): string {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url)) return url;
  const target = ctx.rewriteLink(url);
  if (target === undefined) {
    report.unresolvedLinks.push(url);
    return url;
  }
  return target;
}

function removeEsm(body: string, report: BodyReport): string {
  const out: string[] = [];
  const ends = (line: string) => /from\s*['"][^'"]*['"]\s*;?\s*$|^import\s*['"]|;\s*$/.test(line.trim());
  let fence: string | undefined;
  let inEsm = false;
  for (const line of body.split('\n')) {
    if (fence) {
      if (new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = undefined;
      out.push(line);
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = open[1]!;
      out.push(line);
      continue;
    }
    if (inEsm) {
      inEsm = line.trim() !== '' && !ends(line);
      continue;
    }
    if (/^(?:import|export)\b/.test(line)) {
      report.removed.push(line.trim().length > 80 ? `${line.trim().slice(0, 77)}…` : line.trim());
      inEsm = !ends(line);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function markdownToMdxText(body: string): string {
  // Braces are MDX expressions and a "<" not starting a tag would open one: escape them first.
  let out = replaceOutsideCode(body, /[{}]|<(?![A-Za-z/!])/g, (m) => `\\${m[0]}`);
  out = replaceOutsideCode(out, /<(https?:\/\/[^>\s]+)>/g, (m) => `[${m[1]}](${m[1]})`);
  return replaceOutsideCode(out, /<(br|hr|img|wbr)((?:\s[^>]*?)?)\s*\/?>/gi, (m) => `<${m[1]!.toLowerCase()}${m[2] ?? ''} />`);
}

function convertDirectives(body: string, report: BodyReport): string {
  const masked = maskCode(body).split('\n');
  const lines = body.split('\n');
  const out: string[] = [];
  const open: number[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(:{3,})([A-Za-z][\w-]*)?(?:\[([^\]]*)\])?(?:\{[^}]*\})?[ \t]*(.*)$/.exec(masked[i]!);
    if (!m) return out.push(line);
    const [, indent, colons, name, bracketTitle, rest] = m;
    if (!name && open.length && colons!.length === open[open.length - 1]) {
      open.pop();
      out.push(`${indent}</Callout>`, '');
      return;
    }
    if (!name) return out.push(line);
    const type = CALLOUT_TYPES[name.toLowerCase()] ?? 'note';
    if (!CALLOUT_TYPES[name.toLowerCase()]) report.unwrapped.push(`:::${name}`);
    else report.mapped.push(`:::${name} → <Callout type="${type}">`);
    const title = (bracketTitle ?? rest ?? '').trim();
    open.push(colons!.length);
    out.push('', `${indent}<Callout type="${type}"${title ? ` title=${quote(title)}` : ''}>`, '');
  });
  return out.join('\n');
}

function convertTag(
  name: string,
  attrs: Record<string, string>,
  closing: boolean,
  selfClosing: boolean,
  report: BodyReport,
  stack: string[],
): string {
  const note = (list: string[], what: string) => {
    if (!closing) list.push(what);
  };
  switch (name) {
    case 'Aside':
    case 'Admonition': {
      if (closing) return '</Callout>';
      const type = CALLOUT_TYPES[(attrs.type ?? 'note').toLowerCase()] ?? 'note';
      note(report.mapped, `<${name}> → <Callout type="${type}">`);
      return `<Callout type="${type}"${attrs.title ? ` title=${quote(attrs.title)}` : ''}${selfClosing ? ' /' : ''}>`;
    }
    case 'Tabs':
      note(report.mapped, '<Tabs>');
      return closing ? '</Tabs>' : '<Tabs>';
    case 'TabItem': {
      if (closing) return '</Tab>';
      note(report.mapped, '<TabItem> → <Tab>');
      return `<Tab label=${quote(attrs.label ?? attrs.value ?? '')}>`;
    }
    case 'Badge':
      note(report.mapped, '<Badge> → text');
      return closing ? '' : attrs.text ? `**${attrs.text}**` : '';
    case 'Since':
      note(report.mapped, '<Since> → text');
      return closing ? '' : `(v${(attrs.v ?? attrs.version ?? '').replace(/^v/, '')}+)`;
    case 'LinkCard':
    case 'LinkButton': {
      // A LinkButton with children: "[" opens at the tag, "](href)" closes at its end tag.
      if (closing) return stack.length ? `](${stack.pop()})` : '';
      note(report.mapped, `<${name}> → link`);
      // The link pass below rewrites the address, like any other Markdown link.
      const href = attrs.href ?? '';
      const label = attrs.title ?? attrs.label ?? href;
      if (!selfClosing) {
        stack.push(href);
        return '[';
      }
      return `\n\n[${label}](${href})${attrs.description ? ` — ${attrs.description}` : ''}\n\n`;
    }
    default:
      if (SAME.has(name)) {
        if (!closing) report.mapped.push(`<${name}>`);
        return closing ? `</${name}>` : `<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}=${quote(v)}`).join('')}${selfClosing ? ' /' : ''}>`;
      }
      // Unknown: unwrap (children stay), or drop when it has none; listed either way.
      if (!closing) (selfClosing ? report.removed : report.unwrapped).push(`<${name}>`);
      return '';
  }
}

function fixHeadings(body: string): string {
  const masked = maskCode(body).split('\n');
  const lines = body.split('\n');
  const depths = masked.map((l) => /^( {0,3})(#{1,6})(?=[ \t]|$)/.exec(l)?.[2]!.length ?? 0);
  // Pages written with "#" sections move down one level.
  const shift = depths.some((d) => d === 1) ? 1 : 0;
  let previous = 1;
  return lines
    .map((line, i) => {
      if (!depths[i]) return line;
      const depth = Math.min(depths[i]! + shift, previous + 1, 6);
      previous = depth;
      return line.replace(/^( {0,3})#{1,6}/, `$1${'#'.repeat(depth)}`);
    })
    .join('\n');
}
