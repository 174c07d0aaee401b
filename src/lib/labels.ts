// The one label table: how plans, roles, segments, product areas, locales, content types and pyramid
// levels are shown to people. Codes stay in data, URLs and filters; every page, dashboard column, filter
// option and CSV header shows the label from src/i18n through these prefixes (a KPI column's `translate`
// is one of them). A value without a label (a plan or product area added to the data before its label)
// shows as written, never as a message key.
import type { Translate } from '../i18n/index.ts';

export const LABELS = {
  plan: 'auth.plan',
  role: 'auth.role',
  segment: 'auth.segment',
  locale: 'portal.locale.name',
  type: 'portal.type',
  /** "1 導入マニュアル": number and name, for tables and filters. */
  level: 'dashboard.level',
  area: 'labels.area',
} as const;
export type LabelKind = keyof typeof LABELS;

/** The label of `value` of this kind in the reader's language; the value itself when it has none. */
export function labelOf(t: Translate, kind: LabelKind, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${LABELS[kind]}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

/** Labels of every value of one kind (for filters whose options are built in the browser). */
export function labelsOf(t: Translate, kind: LabelKind, values: readonly (string | number)[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [String(v), labelOf(t, kind, v)]));
}

/** A value shown through a message prefix (a KPI column's `translate`): its label, or the value as written. */
export function labelByPrefix(t: Translate, prefix: string, value: string | number): string {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}
