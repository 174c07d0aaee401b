/**
 * CJK-aware character counting for the content-creation-volume KPI (コンテンツ作成量).
 * One module shared by `npm run content:stats` and the manager dashboards, so both report the same figure.
 *
 * Counting rules (docs/authoring.md repeats them for writers):
 * - Counted: every Unicode letter (\p{L}) and number (\p{N}), one each, after NFC normalisation.
 *   That covers kanji, hiragana, katakana (including ー and 々), hangul, Latin letters and digits
 *   (half- and full-width). Latin text counts per letter: "Hello 世界" = 5 + 2 = 7.
 * - Not counted: spaces, line breaks, punctuation (、。「」!?…), symbols and emoji, combining marks.
 * - Author-written attribute text counts: Callout titles and Figure captions.
 * - Excluded before counting: frontmatter, fenced code blocks (``` and ~~~, also when the fence opens on
 *   a list-item line), inline code (an escaped \` is text, not code), import/export
 *   lines, HTML and MDX comments, JSX/HTML tags with all their attributes (text between tags counts),
 *   `{expressions}`, images (alt text included), URLs (a link counts its text only; bare URLs and
 *   autolinks count zero), link reference definitions, footnote labels, list markers and HTML entities.
 * - Indented text is not a code block: MDX has no indented code.
 */

import { inlineMarkdownText } from './inline-markdown.ts';

const COUNTABLE = /[\p{L}\p{N}]/gu;
const FRONTMATTER = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;
// A fence may open on a list-item line ("- ```js"): the code is still code.
const FENCE_OPEN = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})[ \t]*$/;
const LIST_MARKER = /^([ \t]*(?:>[ \t]?)*[ \t]*)(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const REFERENCE_DEFINITION = /^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S/;

/** Keep only the line breaks of a removed span so per-line figures stay aligned with the source. */
const keepBreaks = (s: string) => s.replace(/[^\n]/g, '');

/** Blank fenced code, import/export blocks, reference definitions and list markers, line by line. */
function stripBlocks(text: string): string {
  const lines = text.split('\n');
  let fence: string | undefined;
  let inEsm = false;
  return lines
    .map((line) => {
      if (fence) {
        const close = FENCE_CLOSE.exec(line);
        if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = undefined;
        return '';
      }
      const open = FENCE_OPEN.exec(line);
      if (open) {
        fence = open[1]!;
        return '';
      }
      if (inEsm) {
        if (line.trim() === '') inEsm = false;
        return '';
      }
      if (/^(?:import|export)\b/.test(line)) {
        inEsm = true;
        return '';
      }
      if (REFERENCE_DEFINITION.test(line)) return '';
      return line.replace(LIST_MARKER, '$1');
    })
    .join('\n');
}

/** Index just past the balanced `{…}` starting at `start` (strings and comments skipped). */
function scanBraces(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      const end = text.indexOf(ch, i + 1);
      i = end === -1 ? text.length : end;
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Index just past the JSX/HTML tag starting at `start`, or -1 when it is not a closed tag. */
function scanTag(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end === -1) return -1;
      i = end;
    } else if (ch === '{') i = scanBraces(text, i) - 1;
    else if (ch === '>') return i + 1;
    else if (ch === '<') return -1;
  }
  return -1;
}

// Attributes that hold text an author wrote for readers: counted like the body.
const AUTHORED = { Callout: ['title'], Figure: ['caption'] } as Record<string, string[]>;

/** The reader-facing text of a tag's authored attributes (inline Markdown marks removed), or ''. */
function authoredAttributes(tag: string): string {
  const names = AUTHORED[/^<([A-Za-z]+)/.exec(tag)?.[1] ?? ''];
  if (!names) return '';
  const parts: string[] = [];
  for (const name of names) {
    const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`).exec(tag);
    const value = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
    if (value) parts.push(inlineMarkdownText(value).replace(/\n/g, ' '));
  }
  return parts.join(' ');
}

/** Blank JSX/HTML tags (attributes included) and `{expressions}`; text between tags stays. */
function stripJsx(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    // "\{" and "\<" are escaped text, not an expression or a tag.
    if (ch === '\\' && (text[i + 1] === '{' || text[i + 1] === '}' || text[i + 1] === '<')) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '<' && /[A-Za-z/>]/.test(text[i + 1] ?? '')) {
      const end = scanTag(text, i);
      if (end !== -1) {
        out += authoredAttributes(text.slice(i, end)) + keepBreaks(text.slice(i, end));
        i = end;
        continue;
      }
    }
    if (ch === '{') {
      const end = scanBraces(text, i);
      out += keepBreaks(text.slice(i, end));
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Reduce an MDX body (or a whole file with frontmatter) to the prose that counts, line breaks kept. */
export function extractCountableText(source: string): string {
  let text = source.normalize('NFC').replace(/\r\n?/g, '\n');
  const fm = FRONTMATTER.exec(text);
  if (fm) text = keepBreaks(fm[0]) + text.slice(fm[0].length);
  text = stripBlocks(text);
  text = text.replace(/<!--[\s\S]*?-->/g, keepBreaks);
  // Inline code: a backtick run closes on the same run length, within one paragraph.
  // An escaped backtick (\`) is text and opens nothing.
  text = text.replace(/(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])*?)(?<!`)\1(?!`)/g, keepBreaks);
  text = text.replace(/<(?:https?|mailto|ftp):[^>\s]*>/gi, '');
  text = stripJsx(text);
  text = text.replace(/!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])/g, keepBreaks);
  text = text.replace(/\[\^[^\]]+\]:?/g, '');
  text = text.replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1');
  text = text.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  text = text.replace(/\b(?:https?|ftp):\/\/[^\s<>)\]\u0080-\uffff]+|\bwww\.[^\s<>)\]\u0080-\uffff]+/gi, '');
  text = text.replace(/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi, ' ');
  return text;
}

const countIn = (text: string) => text.match(COUNTABLE)?.length ?? 0;

/** Characters of body text in an MDX body or file, by the rules at the top of this module. */
export function countCharacters(mdx: string): number {
  return countIn(extractCountableText(mdx));
}

/** Counted characters per source line (index 0 = line 1), for attributing volume to git authors. */
export function countCharactersByLine(mdx: string): number[] {
  return extractCountableText(mdx).split('\n').map(countIn);
}

/** What `measureItem` needs: a content type, its frontmatter (schema output) and its MDX body. */
export interface MeasurableItem {
  type: string;
  data: {
    key: string;
    locale: string;
    level: number;
    publishedAt: Date;
    draft?: boolean;
    durationMinutes?: number;
    tags?: string[];
    productArea?: string;
  };
  body: string;
}

/** Volume of one item: characters of body text and minutes of video. */
export interface ItemMeasure {
  type: string;
  key: string;
  locale: string;
  level: number;
  publishedAt: Date;
  draft: boolean;
  tags: string[];
  productArea?: string;
  characters: number;
  videoMinutes: number;
}

/** Measure one content item (works with validate.ts items and with Astro collection entries). */
export function measureItem(item: MeasurableItem): ItemMeasure {
  const d = item.data;
  return {
    type: item.type,
    key: d.key,
    locale: d.locale,
    level: d.level,
    publishedAt: d.publishedAt,
    draft: d.draft ?? false,
    tags: d.tags ?? [],
    productArea: d.productArea,
    characters: countCharacters(item.body),
    videoMinutes: item.type === 'webinar' ? (d.durationMinutes ?? 0) : 0,
  };
}
