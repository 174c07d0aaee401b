/**
 * Long identifiers in inline code (`getAccountViewingTimeBySegment`, `src/lib/server/kpi/…`) may wrap, but
 * only where a reader expects a break: after ".", "/", "_", "-", ":" and between camelCase humps. A
 * `<wbr>` marks each point; CSS keeps the browser from breaking anywhere else (see .prose code).
 */
import type { HastPluginDefinition } from 'satteri';

/** Identifier text split at its natural break points (each piece ends where a break is allowed). */
export function splitIdentifier(text: string): string[] {
  return text.split(/(?<=[./_:\-])(?=[^./_:\-])|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
}

const MIN_LENGTH = 16;

export const identifierBreaks: HastPluginDefinition = {
  name: 'jisou:identifier-breaks',
  element: {
    filter: ['code'],
    visit(node, ctx) {
      const parent = ctx.parent(node);
      if (parent && parent.type === 'element' && parent.tagName === 'pre') return;
      // Only plain code spans: highlighted or nested markup is left as it is.
      if (node.children.length !== 1 || node.children[0]!.type !== 'text') return;
      const text = ctx.textContent(node);
      if (text.length < MIN_LENGTH || /\s/.test(text)) return;
      const pieces = splitIdentifier(text);
      if (pieces.length < 2) return;
      const children = pieces.flatMap((value, i) => [
        ...(i ? [{ type: 'element' as const, tagName: 'wbr', properties: {}, children: [] }] : []),
        { type: 'text' as const, value },
      ]);
      return { ...node, children } as typeof node;
    },
  },
} as HastPluginDefinition;
