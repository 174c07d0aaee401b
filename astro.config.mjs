// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import node from '@astrojs/node';
import { contentIntegrity } from './src/lib/content/integration.ts';
import { codeMetaTransformer } from './src/lib/content/code-meta.ts';
import { identifierBreaks } from './src/lib/content/identifier-breaks.ts';
import { trackerScript } from './src/lib/server/tracking/tracker-build.ts';
import { searchIndexes } from './src/lib/search/integration.ts';

export default defineConfig({
  output: 'server',
  // Pages are rendered whole before the first byte is sent: a component that fails half-way through an MDX
  // body must give the portal's 500 page, never a 200 cut off mid-article (the status of a streamed page is
  // already sent when its body starts). Pages are small, so buffering costs little.
  adapter: node({ mode: 'standalone', experimentalDisableStreaming: true }),
  markdown: {
    // Astro's own Markdown/MDX processor, plus break points in long inline identifiers.
    processor: satteri({ hastPlugins: [identifierBreaks] }),
    // Code-block titles and line highlights written in the fence (```js title="app.js" {2}).
    shikiConfig: { transformers: [codeMetaTransformer()] },
  },
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
