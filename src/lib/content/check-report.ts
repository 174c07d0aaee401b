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
export function formatIssueLines(issues: ContentIssue[], opts: { verbose?: boolean } = {}): string[] {
  const label = (severity: string) => (severity === 'error' ? 'error' : 'warn ');
  const lines: string[] = [];
  for (const group of groupIssues(issues)) {
    const [first, ...more] = group;
    lines.push(`${label(first!.severity)} ${formatIssue(first!)}`);
    if (opts.verbose || more.length < 3) {
      for (const issue of more) lines.push(`${label(issue.severity)} ${formatIssue(issue)}`);
    } else {
      const fileCount = new Set(group.map((i) => i.file)).size;
      lines.push(`      … and ${more.length} more place(s) with the same problem (${group.length} in ${fileCount} file(s)); --verbose lists them`);
    }
  }
  return lines;
}
