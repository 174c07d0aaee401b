/**
 * The shapes the content check hands around (issues, checked items, the result), in their own file so
 * validate.ts and check-items.ts both use them without importing each other.
 */
import type { ContentType } from '../../schemas/index.ts';

/** One problem found in the content, located precisely enough for an editor to jump to it. */
export interface ContentIssue {
  severity: 'error' | 'warning';
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  /** Frontmatter field (dotted path) or the MDX component attribute at fault. */
  field: string;
  message: string;
  hint: string;
  /**
   * For issues the CLI can say in the author's language: a message id (`cli.issue.<code>` in
   * src/i18n/<locale>/cli.json, message and `<code>.hint`) and its parameters. `message`/`hint` stay English.
   */
  code?: string;
  params?: Record<string, string | number>;
}

/** A file that parsed and passed its schema. */
export interface CheckedItem {
  type: ContentType;
  file: string;
  data: Record<string, unknown> & { key: string; locale: string; draft: boolean };
  body: string;
  bodyLine: number;
}

/** A key published in some locales but not in all of them (a report, not an error). */
export interface MissingTranslation {
  type: ContentType;
  key: string;
  /** The first file of the key, for the editor to jump to. */
  file: string;
  locales: string[];
  missing: string[];
}

export interface ValidationResult {
  issues: ContentIssue[];
  /** Every content file read, valid or not (the summary counts these). */
  files: number;
  items: CheckedItem[];
  missingTranslations: MissingTranslation[];
}

export function formatIssue(i: ContentIssue): string {
  return `${i.file}:${i.line}:${i.column} ${i.field} — ${i.message} — ${i.hint}`;
}
