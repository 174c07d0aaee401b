import type { ContentType } from '../../schemas/common.ts';

/** i18n key of an item's type label; tips are articles with `kind: tip` but read as their own type. */
export function typeLabelKey(item: { type: ContentType; entry: { data: unknown } }): string {
  const kind = (item.entry.data as { kind?: string }).kind;
  if (item.type === 'article' && kind === 'tip') return 'portal.type.tip';
  return `portal.type.${item.type}`;
}
