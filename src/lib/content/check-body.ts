/**
 * Checks an MDX body the way the build sees it: parsed by the same compiler as `astro build` (satteri's
 * MDX parser), then every JSX tag, ESM line and `:::` directive is compared with what the portal can
 * render. Anything here would otherwise pass the check and fail (or show literal text) only when a
 * reader opens the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToMdast } from 'satteri';
import type { Found } from './body-scan.ts';

export interface BodyProblem extends Found {
  field: string;
  message: string;
  hint: string;
  /** Message id for the CLI's own language (cli.issue.<code>), with its values. */
  code?: string;
  params?: Record<string, string | number>;
}

/** What other docs tools call their components, and what to write in Jisou instead. */
const REPLACEMENTS: Record<string, string> = {
  Aside: 'use <Callout type="note|tip|warning" title="…"> instead',
  Admonition: 'use <Callout type="note|tip|warning" title="…"> instead',
  Note: 'use <Callout type="note"> instead',
  Tip: 'use <Callout type="tip"> instead',
  Caution: 'use <Callout type="warning"> instead',
  Warning: 'use <Callout type="warning"> instead',
  Danger: 'use <Callout type="warning"> instead',
  TabItem: 'use <Tab label="…"> inside <Tabs> instead',
  Badge: 'write its text in the sentence (or in **bold**) instead',
  Since: 'write the version in the sentence instead (e.g. "(v2.1 から)")',
  Icon: 'remove it; icons are not part of the body text',
  Card: 'use a "## heading" section or a <Callout> instead',
  CardGrid: 'remove the wrapper and keep its content',
  LinkCard: 'use a Markdown link or <ItemLink to="key"> instead',
  LinkButton: 'use a Markdown link or <ItemLink to="key"> instead',
  Image: 'use <Figure src="…" alt="…" caption="…" /> instead',
  Code: 'use a fenced code block (```lang title="file") instead',
  Details: 'use <details><summary>…</summary>…</details> instead',
};

/** Directive names (Starlight/Docusaurus admonitions) and the Callout type they become. */
export const DIRECTIVE_TYPES: Record<string, 'note' | 'tip' | 'warning'> = {
  note: 'note',
  info: 'note',
  tip: 'tip',
  success: 'tip',
  caution: 'warning',
  warning: 'warning',
  danger: 'warning',
  important: 'warning',
};

/** Keep in step with src/components/content/index.ts when no project is at `root` (fixtures, temp copies). */
const DEFAULT_COMPONENTS = ['Callout', 'Steps', 'Figure', 'Video', 'Kbd', 'ItemLink', 'Tabs', 'Tab', 'FileTree'];

/**
 * The components an MDX body can use: the keys of `mdxComponents` in src/components/content/index.ts,
 * read from the project itself so a component added there is known to the check at once.
 */
export function knownComponents(root: string): string[] {
  const file = join(root, 'src/components/content/index.ts');
  const fallback = join(import.meta.dirname, '../../components/content/index.ts');
  const path = existsSync(file) ? file : existsSync(fallback) ? fallback : undefined;
  if (!path) return DEFAULT_COMPONENTS;
  const source = readFileSync(path, 'utf8');
  const block = /export const mdxComponents\s*=\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
  const names = block
    .split(',')
    .map((part) => part.split(':')[0]!.trim())
    .filter((name) => /^[A-Z][A-Za-z0-9]*$/.test(name));
  return names.length ? names : DEFAULT_COMPONENTS;
}

interface Node {
  type: string;
  name?: string | null;
  value?: string;
  url?: string;
  children?: Node[];
  position?: { start: { line: number; column: number } };
}

const SYNTAX_HINT =
  'MDX is stricter than Markdown: close every tag, write "{", "}" and "<" in text as \\{, \\} and \\<, and comments as {/* … */}';

/** Every body problem the build or the reader would hit; an MDX syntax error stops at the first one. */
export function checkMdxBody(body: string, components: string[]): BodyProblem[] {
  let tree: Node;
  try {
    tree = mdxToMdast(body) as unknown as Node;
  } catch (e) {
    const text = (e as Error).message;
    const m = /^(\d+):(\d+):\s*([\s\S]*?)(?:\s*\([a-z-]+:[a-z-]+\))?$/.exec(text);
    const at = m ? { line: Number(m[1]), column: Number(m[2]) } : { line: 1, column: 1 };
    const message = m ? m[3]!.replace(/ \(\d+:\d+\)/g, '') : text;
    return [{ ...at, field: 'body', message: `the MDX does not parse: ${message}`, hint: SYNTAX_HINT, code: 'mdxParse', params: { detail: message } }];
  }
  const known = new Set(components);
  const problems: BodyProblem[] = [];
  const lines = body.split('\n');
  const walk = (node: Node) => {
    const at = node.position?.start ?? { line: 1, column: 1 };
    if (node.type === 'mdxjsEsm') {
      // Consecutive import lines are one ESM block: report every statement on its own line.
      for (const [i, text] of (node.value ?? '').split('\n').entries()) {
        const line = text.trim();
        if (!/^(?:import|export)\b/.test(line)) continue;
        const kind = line.startsWith('export') ? 'export' : 'import';
        problems.push({
          line: at.line + i,
          column: i === 0 ? at.column : 1,
          field: kind,
          message: `"${line.length > 60 ? `${line.slice(0, 57)}…` : line}" is an ${kind} line; a Jisou page cannot ${kind} code`,
          hint: `remove the line: ${components.join(', ')} are available in every page without an import`,
          code: `esm.${kind}`,
          params: { line: line.length > 60 ? `${line.slice(0, 57)}…` : line, components: components.join(', ') },
        });
      }
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && /^[A-Z]|\./.test(node.name) && !known.has(node.name)) {
      problems.push({
        ...at,
        field: 'component',
        message: `<${node.name}> is not a Jisou component`,
        hint: REPLACEMENTS[node.name] ?? `use one of ${components.map((c) => `<${c}>`).join(', ')}, or remove the tag and keep its text`,
        // A known replacement has its own advice (cli.issue.replace.<Name>); the general case names the components.
        code: REPLACEMENTS[node.name] ? `replace.${node.name}` : 'unknownComponent',
        params: { name: node.name, components: components.map((c) => `<${c}>`).join(', ') },
      });
    } else if (node.type === 'text' && node.value?.includes(':::')) {
      // The MDX pipeline has no directive syntax: ":::note" would be printed as it is.
      for (const [i, text] of node.value.split('\n').entries()) {
        const m = /^:::([A-Za-z][\w-]*)?/.exec(text);
        if (m && m[1]) {
          const line = at.line + i;
          const column = i === 0 ? at.column : (lines[line - 1]?.indexOf(':::') ?? 0) + 1;
          const type = DIRECTIVE_TYPES[m[1].toLowerCase()];
          problems.push({
            line,
            column,
            field: 'directive',
            message: `":::${m[1]}" is not Jisou syntax and would be shown as literal text`,
            hint: type ? `write <Callout type="${type}">…</Callout> instead` : 'remove the ::: lines, or use <Callout> for a highlighted box',
            code: type ? 'directiveCallout' : 'directive',
            params: { name: m[1], type: type ?? '' },
          });
        }
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return problems;
}
