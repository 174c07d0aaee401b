import type { MarkdownHeading } from 'astro';

/**
 * Headings for a page's table of contents: level 2 and 3. A page with three or more "##" sections gets
 * them; a page with fewer (one long section of "###" steps, common in imported docs) still gets a table
 * when its level-2 and level-3 headings together make three. Below that a table would not help.
 */
export function tocHeadings(headings: MarkdownHeading[]): MarkdownHeading[] {
  const listed = headings.filter((h) => h.depth === 2 || h.depth === 3);
  return listed.length >= 3 ? listed : [];
}
