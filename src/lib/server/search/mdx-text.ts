import { extractCountableText } from '../../content/count-characters.ts';

/** Stands in for one inline code span while the stripper runs (letters only, so it survives as a word). */
const slot = (n: number) => ` jisoucodeslot${n}x `;
// Put back with a space on each side, except before punctuation that followed the span (`a`: → a:).
const SLOT = /\s*jisoucodeslot(\d+)x(\s*(?=[:：、。,.!?)）」]))?/g;

/**
 * Readable text of an MDX body for the search index. Reuses the authoring tools' stripper (code
 * blocks, imports, JSX, comments, URLs out; link text in), then drops the Markdown punctuation that
 * stripper leaves because it does not count it (heading marks, emphasis, table pipes).
 */
export function mdxToText(body: string): string {
  // Inline code is text the reader sees (commands, field names, addresses, <Tags>, {placeholders}):
  // set aside before stripping and put back verbatim, so the excerpt shows it as written; fenced
  // code blocks stay out.
  const codes: string[] = [];
  const unwrapped = body.replace(/(^|[^`])`([^`\n]+)`(?!`)/g, (_, before: string, code: string) => `${before}${slot(codes.push(code.trim()) - 1)}`);
  return extractCountableText(unwrapped)
    .replace(/^[ \t]{0,3}(#{1,6}|>)[ \t]+/gm, '')
    .replace(/(\*\*|__|~~)/g, '')
    .replace(/^[ \t]*\|?[-:| \t]+\|?[ \t]*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(SLOT, (_, n: string, tight?: string) => ` ${codes[Number(n)] ?? ''}${tight === undefined ? ' ' : ''}`)
    .replace(/\s+/g, ' ')
    .trim();
}
