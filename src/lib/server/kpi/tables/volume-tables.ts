import { getContentVolume } from '../get-content-volume.ts';
import { getFeedbackByItem } from '../get-feedback-by-item.ts';
import type { KpiContext } from '../kpi-context.ts';
import type { TableBuilder } from './table-types.ts';
import { LABELS, labelOf } from '../../../labels.ts';

const cellCols = [
  { key: 'items', label: 'dashboard.col.items', format: 'int' as const },
  { key: 'characters', label: 'dashboard.col.characters', format: 'int' as const },
  { key: 'videoMinutes', label: 'dashboard.col.videoMinutes', format: 'decimal' as const },
];

/** Items with at least two answers where fewer than half found the page helpful, least helpful first. */
function unhelpfulItems(ctx: KpiContext) {
  return getFeedbackByItem(ctx)
    .filter((f) => f.answers >= 2 && (f.helpfulPercent ?? 100) < 50)
    .sort((a, b) => (a.helpfulPercent ?? 0) - (b.helpfulPercent ?? 0) || b.answers - a.answers);
}

export const volumeTables: Record<string, TableBuilder> = {
  'volume-types': (ctx) => ({
    id: 'volume-types', title: 'dashboard.table.volumeTypes',
    columns: [{ key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type }, ...cellCols],
    rows: Object.entries(getContentVolume(ctx).byType).map(([type, c]) => ({ type, ...c })),
    defaultSort: { key: 'characters', dir: 'desc' },
  }),
  'volume-levels': (ctx) => {
    const v = getContentVolume(ctx);
    return {
      id: 'volume-levels', title: 'dashboard.table.volumeLevels',
      columns: [
        { key: 'level', label: 'dashboard.col.level', format: 'text', translate: LABELS.level },
        ...cellCols,
        { key: 'levelTarget', label: 'dashboard.col.levelTarget', format: 'int' },
      ],
      rows: Object.entries(v.byLevel).map(([level, c]) => ({ level: Number(level), ...c, levelTarget: v.levelTarget })),
      defaultSort: { key: 'level', dir: 'asc' },
    };
  },
  'volume-locales': (ctx) => ({
    id: 'volume-locales', title: 'dashboard.table.volumeLocales',
    columns: [
      { key: 'locale', label: 'dashboard.col.locale', format: 'text', translate: LABELS.locale },
      ...cellCols,
      { key: 'target', label: 'dashboard.col.target', format: 'int' },
      { key: 'progressPercent', label: 'dashboard.col.progress', format: 'percent' },
    ],
    rows: getContentVolume(ctx).byLocale.map((l) => ({
      locale: l.locale, items: l.items, characters: l.characters, videoMinutes: l.videoMinutes, target: ctx.settings.volumeTarget, progressPercent: l.progress * 100,
    })),
    defaultSort: { key: 'characters', dir: 'desc' },
  }),
  'volume-thin': (ctx, scope) => {
    const v = getContentVolume(ctx);
    return {
      id: 'volume-thin', title: 'dashboard.table.volumeThin',
      columns: [
        { key: 'what', label: 'dashboard.col.where', format: 'text' },
        { key: 'characters', label: 'dashboard.col.characters', format: 'int' },
        { key: 'missing', label: 'dashboard.col.missing', format: 'int' },
      ],
      rows: [
        ...v.thinLevels.map((t) => ({
          what: scope.t ? scope.t('labels.thinLevel', { locale: labelOf(scope.t, 'locale', t.locale), level: t.level }) : `${t.locale} · L${t.level}`,
          characters: t.characters,
          missing: t.missing,
        })),
        ...v.thinTopics.map((t) => ({ what: `# ${t.topic}`, characters: t.characters, missing: Math.max(0, v.levelTarget - t.characters) })),
        // Pages readers said did not help need rewriting as much as thin levels need writing.
        ...unhelpfulItems(ctx).map((f) => ({ what: scope.t ? scope.t('dashboard.where.unhelpful', { title: f.title, percent: f.helpfulPercent ?? 0, answers: f.answers }) : f.key, characters: null, missing: null })),
      ],
      defaultSort: { key: 'missing', dir: 'desc' },
    };
  },
  'volume-months': (ctx) => ({
    id: 'volume-months', title: 'dashboard.table.volumeMonths',
    columns: [
      { key: 'month', label: 'dashboard.col.month', format: 'text' },
      ...cellCols,
      { key: 'cumulativeCharacters', label: 'dashboard.col.cumulative', format: 'int' },
    ],
    rows: getContentVolume(ctx).byMonth.map(({ cumulativeByLocale: _perLocale, ...m }) => ({ ...m })),
    defaultSort: { key: 'month', dir: 'asc' },
  }),
};
