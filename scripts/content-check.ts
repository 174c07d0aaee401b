// `npm run content:check`: validate all content; errors as `file:line:column field — what — how to fix`.
import { resolve } from 'node:path';
import { formatIssue, validateContent } from '../src/lib/content/validate.ts';

const root = resolve(import.meta.dirname, '..');
const json = process.argv.includes('--json');
const started = performance.now();
const { issues, items } = validateContent(root, { includeDrafts: true });
if (json) {
  console.log(JSON.stringify({ items: items.length, issues }, null, 2));
} else {
  for (const issue of issues) console.log(`${issue.severity === 'error' ? 'error' : 'warn '} ${formatIssue(issue)}`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  console.log(`${items.length} files checked in ${Math.round(performance.now() - started)} ms: ${errors} error(s), ${issues.length - errors} warning(s).`);
}
process.exit(issues.some((i) => i.severity === 'error') ? 1 : 0);
