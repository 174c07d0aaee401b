import { extractCountableText } from '../../content/count-characters.ts';

/**
 * Readable text of an MDX body for the search index. Reuses the authoring tools' stripper (code
 * blocks, imports, JSX, comments, URLs out; link text in), then drops the Markdown punctuation that
 * stripper leaves because it does not count it (heading marks, emphasis, table pipes).
 */
export function mdxToText(body: string): string {
  // Inline code is text the reader sees (commands, field names, addresses): unwrapped so it is
  // indexed; fenced code blocks stay out. Angle brackets and braces inside it are made harmless
  // first, or the JSX/expression stripper would take them for markup.
  const unwrapped = body.replace(/(^|[^`])`([^`\n]+)`(?!`)/g, (_, before: string, code: string) => `${before} ${code.replace(/[<>{}]/g, ' ')} `);
  return extractCountableText(unwrapped)
    .replace(/^[ \t]{0,3}(#{1,6}|>)[ \t]+/gm, '')
    .replace(/(\*\*|__|~~)/g, '')
    .replace(/^[ \t]*\|?[-:| \t]+\|?[ \t]*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
