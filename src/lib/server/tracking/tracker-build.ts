import type { AstroIntegration } from 'astro';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Public path of the tracker script (an external file, so a CSP without 'unsafe-inline' allows it). */
export const TRACKER_PATH = '/t.js';

/** Bundle and minify src/lib/client/tracker.ts; returns the code and its gzipped size. */
export async function buildTrackerScript(root: string): Promise<{ code: string; gzipBytes: number }> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(root, 'src/lib/client/tracker.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  const code = out.outputFiles[0]!.text;
  return { code, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Serves /t.js in `astro dev` and writes it next to the built client assets in `astro build`. */
export function trackerScript(): AstroIntegration {
  let root = process.cwd();
  let clientDir = '';
  return {
    name: 'jisou:tracker-script',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        clientDir = fileURLToPath(config.build.client);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(TRACKER_PATH, (_req, res) => {
          buildTrackerScript(root).then(({ code }) => {
            res.setHeader('content-type', 'text/javascript; charset=utf-8');
            res.end(code);
          });
        });
      },
      'astro:build:done': async ({ logger }) => {
        const { code, gzipBytes } = await buildTrackerScript(root);
        mkdirSync(clientDir, { recursive: true });
        writeFileSync(join(clientDir, TRACKER_PATH.slice(1)), code);
        logger.info(`tracker ${TRACKER_PATH}: ${code.length} bytes, ${gzipBytes} gzipped`);
      },
    },
  };
}
