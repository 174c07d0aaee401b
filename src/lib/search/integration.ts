import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { buildSearchIndexes } from '../server/search/build-index.ts';

/**
 * Writes the per-audience search indexes to dist/search after `astro build` (outside dist/client,
 * which is served without middleware); src/pages/search-index/ serves them behind the session check.
 */
export function searchIndexes(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'jisou:search-indexes',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ logger }) => {
        const manifest = await buildSearchIndexes(root);
        logger.info(`search indexes: ${manifest.tiers.map((t) => `${t.id} (${t.pages})`).join(', ')}`);
      },
    },
  };
}
