import type { Locale } from '../schemas/common.ts';

// Messages are split by area (portal, auth, …) so features own their files; keys are flat and unique.
const files = import.meta.glob<Record<string, string>>('./*/*.json', { eager: true, import: 'default' });

function collect(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, messages] of Object.entries(files)) {
    if (path.startsWith(`./${locale}/`)) Object.assign(out, messages);
  }
  return out;
}

export const MESSAGES: Record<Locale, Record<string, string>> = { ja: collect('ja'), en: collect('en') };

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Translator for one locale; `{name}` placeholders are filled from params. Missing keys show the key. */
export function createT(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, params) => {
    const text = messages[key] ?? MESSAGES.ja[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

/** Pick ja or en from an Accept-Language header by quality; Japanese when nothing matches. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return 'ja';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('en')) return 'en';
  }
  return 'ja';
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}
