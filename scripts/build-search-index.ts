// `node scripts/build-search-index.ts [root] [outDir]`: write the per-tier search indexes.
// `astro build` runs the same step (src/lib/search/integration.ts); this entry is for reindexing alone.
import { resolve } from 'node:path';
import { buildSearchIndexes } from '../src/lib/server/search/build-index.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..'));
const out = process.argv[3] ? resolve(process.argv[3]) : undefined;
const manifest = await buildSearchIndexes(root, out);
for (const t of manifest.indexes) console.log(`search index ${t.id.padEnd(40)} ${t.pages} item(s)`);
