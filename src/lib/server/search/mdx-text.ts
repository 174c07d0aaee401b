import { extractCountableText } from '../../content/count-characters.ts';

/**
 * Readable text of an MDX body for the search index. Reuses the authoring tools' stripper (code
 * blocks, imports, JSX, comments, URLs out; link text in), then drops the Markdown punctuation that
 * stripper leaves because it does not count it (heading marks, emphasis, table pipes).
 */
export function mdxToText(body: string): string {
  return extractCountableText(body)
    .replace(/^[ \t]{0,3}(#{1,6}|>)[ \t]+/gm, '')
    .replace(/(\*\*|__|~~)/g, '')
    .replace(/^[ \t]*\|?[-:| \t]+\|?[ \t]*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
