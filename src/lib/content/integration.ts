import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { formatIssueLines } from './check-report.ts';
import { validateContent } from './validate.ts';

/**
 * Fails `astro build` when content is broken in ways a per-file schema cannot see (duplicate keys,
 * unknown references, missing media). In `astro dev` it reports instead, so a writer keeps previewing.
 */
export function contentIntegrity(): AstroIntegration {
  return {
    name: 'jisou:content-integrity',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        // Drafts are built too (staff preview on the live portal), so they are checked like the rest.
        const root = fileURLToPath(config.root);
        const { issues } = validateContent(root, { includeDrafts: true });
        const errors = issues.filter((i) => i.severity === 'error');
        if (errors.length === 0) return;
        // The same problem in many files is printed once with its count, as content:check does.
        const text = formatIssueLines(errors).join('\n');
        if (command === 'build') {
          throw new Error(`Content has ${errors.length} error(s):\n${text}\nRun "npm run content:check" for the full report.`);
        }
        logger.warn(`Content has ${errors.length} error(s):\n${text}`);
      },
    },
  };
}
