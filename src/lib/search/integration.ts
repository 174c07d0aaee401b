import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndexes } from '../server/search/build-index.ts';

/**
 * Writes the per-audience search indexes to dist/search after `astro build` (outside dist/client,
 * which is served without middleware); src/pages/search-index/ serves them behind the session check.
 */
export function searchIndexes(): AstroIntegration {
  let root = process.cwd();
  let outDir = '';
  return {
    name: 'jisou:search-indexes',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        // `npm run publish` builds into releases/<id>/ (astro build --outDir): the indexes go with it.
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:done': async ({ logger }) => {
        const manifest = await buildSearchIndexes(root, join(outDir, 'search'));
        logger.info(`search indexes: ${manifest.indexes.map((t) => `${t.id} (${t.pages})`).join(', ')}`);
      },
    },
  };
}
