import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFields, renderConfigTable, renderEnvExample, updateReadme } from '../../scripts/docs-config.ts';

const root = resolve(import.meta.dirname, '../..');
const source = readFileSync(resolve(root, 'src/schemas/config.ts'), 'utf8');

describe('README configuration table', () => {
  it('lists every variable the server reads, with its default', () => {
    const names = readConfigFields(source).map((f) => f.name);
    expect(names).toContain('PORT');
    expect(names).toContain('DATABASE_PATH');
    expect(readConfigFields(source).find((f) => f.name === 'PORT')?.default).toBe('`4321`');
    // Every key of the schema object has a row (a new variable without a doc comment would be missed).
    const declared = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(names).toEqual(declared);
  });

  it('is up to date in README.md (run "npm run docs:config" after changing src/schemas/config.ts)', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    expect(updateReadme(readme, renderConfigTable(source))).toBe(readme);
  });

  it('.env.example lists every variable at its default', () => {
    expect(readFileSync(resolve(root, '.env.example'), 'utf8')).toBe(renderEnvExample(source));
    expect(renderEnvExample(source)).toContain('# PORT=4321');
  });
});
