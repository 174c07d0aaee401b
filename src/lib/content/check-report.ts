import { formatIssue, type ContentIssue } from './issue-types.ts';

/**
 * Issues with the same field, message and fix (the same problem in other places), in order of first
 * appearance; a problem that is everywhere is read once, not 144 times.
 */
export function groupIssues(issues: ContentIssue[]): ContentIssue[][] {
  const groups = new Map<string, ContentIssue[]>();
  for (const i of issues) {
    const id = `${i.severity}\0${i.field}\0${i.message}\0${i.hint}`;
    const group = groups.get(id);
    if (group) group.push(i);
    else groups.set(id, [i]);
  }
  return [...groups.values()];
}

/**
 * The lines `npm run content:check` prints for the issues: each problem once with where it is first, then
 * how many more places have it (every place with `verbose`). Small groups (up to 3) are listed in full.
 */
export function formatIssueLines(issues: ContentIssue[], opts: { verbose?: boolean; t?: CliTranslate } = {}): string[] {
  const t = opts.t;
  const label = (severity: string) => (t ? t(`cli.severity.${severity}`) : severity === 'error' ? 'error' : 'warn ');
  const show = (i: ContentIssue) => formatIssue(t ? localizeIssue(i, t) : i);
  const lines: string[] = [];
  for (const group of groupIssues(issues)) {
    const [first, ...more] = group;
    lines.push(`${label(first!.severity)} ${show(first!)}`);
    if (opts.verbose || more.length < 3) {
      for (const issue of more) lines.push(`${label(issue.severity)} ${show(issue)}`);
    } else {
      const files = new Set(group.map((i) => i.file)).size;
      lines.push(t ? t('cli.check.more', { more: more.length, total: group.length, files }) : `      … and ${more.length} more place(s) with the same problem (${group.length} in ${files} file(s)); --verbose lists them`);
    }
  }
  return lines;
}

/** A translator over the CLI messages (scripts/lib/cli-messages.ts); returns the key when it has no message. */
export type CliTranslate = (key: string, params?: Record<string, string | number>) => string;

/** The issue in the author's language when it carries a message id the CLI file knows; else as written. */
export function localizeIssue(issue: ContentIssue, t: CliTranslate): ContentIssue {
  if (!issue.code) return issue;
  const key = `cli.issue.${issue.code}`;
  const message = t(key, issue.params);
  const hint = t(`${key}.hint`, issue.params);
  if (message === key || hint === `${key}.hint`) return issue;
  return { ...issue, message, hint };
}
