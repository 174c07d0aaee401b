// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { contentIntegrity } from './src/lib/content/integration.ts';
import { trackerScript } from './src/lib/server/tracking/tracker-build.ts';
import { searchIndexes } from './src/lib/search/integration.ts';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx(), contentIntegrity(), trackerScript(), searchIndexes()],
  // Origin check stays on: every form POST must come from our own origin.
  security: { checkOrigin: true },
  server: { port: 4321 },
  trailingSlash: 'ignore',
  vite: {
    ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
    // Keep every script an external file: the CSP allows scripts from 'self' only, never inline.
    build: { assetsInlineLimit: 0 },
  },
});
