/**
 * Inline Markdown of a short attribute text (a Callout title): `code`, **bold**, *emphasis* and
 * [links](/path). Everything else is escaped, so an attribute can never inject HTML.
 */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderInlineMarkdown(text: string): string {
  const codes: string[] = [];
  // Code first, so nothing inside it is read as emphasis.
  let html = escape(text).replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks, code: string) => {
    codes.push(`<code>${code.trim()}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/)[^)\s]*)\)/g, (_, label: string, href: string) => `<a href="${href}">${label}</a>`)
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a?: string, b?: string) => `<strong>${a ?? b}</strong>`)
    .replace(/(?<![\w*])\*([^*\s][^*]*)\*(?!\w)|(?<![\w_])_([^_\s][^_]*)_(?![\w])/g, (_, a?: string, b?: string) => `<em>${a ?? b}</em>`);
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => codes[Number(i)]!);
}

/** The same title as plain text (for counting and the search index): the marks removed. */
export function inlineMarkdownText(text: string): string {
  return text.replace(/`+([^`]*)`+/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/\*\*|__|(?<!\w)[*_]|[*_](?!\w)/g, '');
}
