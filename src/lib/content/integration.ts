import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { formatIssue, validateContent } from './validate.ts';

/**
 * Fails `astro build` when content is broken in ways a per-file schema cannot see (duplicate keys,
 * unknown references, missing media). In `astro dev` it reports instead, so a writer keeps previewing.
 */
export function contentIntegrity(): AstroIntegration {
  return {
    name: 'jisou:content-integrity',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const root = fileURLToPath(config.root);
        const { issues } = validateContent(root, { includeDrafts: command === 'dev' });
        const errors = issues.filter((i) => i.severity === 'error');
        if (errors.length === 0) return;
        const text = errors.map(formatIssue).join('\n');
        if (command === 'build') {
          throw new Error(`Content has ${errors.length} error(s):\n${text}\nRun "npm run content:check" for the full report.`);
        }
        logger.warn(`Content has ${errors.length} error(s):\n${text}`);
      },
    },
  };
}
