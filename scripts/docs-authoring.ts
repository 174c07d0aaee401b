// `npm run docs:authoring [-- --check]`: regenerate the frontmatter reference in docs/authoring.md from
// the schemas' `.meta()` documentation. --check only reports (exit 1) when the committed guide is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { updateGuide } from './lib/frontmatter-reference.ts';

const path = resolve(import.meta.dirname, '../docs/authoring.md');
const check = process.argv.includes('--check');
const current = readFileSync(path, 'utf8');
const next = updateGuide(current);
if (next === current) {
  console.log('docs/authoring.md is up to date.');
} else if (check) {
  console.error('docs/authoring.md is out of date with src/schemas — run npm run docs:authoring and commit the result.');
  process.exit(1);
} else {
  writeFileSync(path, next);
  console.log('docs/authoring.md: frontmatter reference regenerated from src/schemas.');
}
