import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { updateGuide } from '../../scripts/lib/frontmatter-reference.ts';
import { knownComponents } from '../../src/lib/content/check-body.ts';
import { countCharacters } from '../../src/lib/content/count-characters.ts';

const GUIDE = readFileSync(join(import.meta.dirname, '../../docs/authoring.md'), 'utf8');
// The components a body can really use (src/components/content/index.ts), every one documented.
const COMPONENTS = knownComponents(join(import.meta.dirname, '../..'));
const examples = [...GUIDE.matchAll(/^```mdx\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe('docs/authoring.md', () => {
  it('has a frontmatter reference generated from the current schemas (run npm run docs:authoring)', () => {
    expect(updateGuide(GUIDE) === GUIDE, 'docs/authoring.md is stale: run npm run docs:authoring').toBe(true);
  });

  it('shows every MDX component in Japanese and in English', () => {
    expect(COMPONENTS).toEqual(['Callout', 'Steps', 'Figure', 'Video', 'Kbd', 'ItemLink', 'Tabs', 'Tab', 'FileTree']);
    for (const name of COMPONENTS) {
      expect(examples.filter((e) => e.includes(`<${name}`)).length, name).toBe(2);
    }
    for (const e of examples) {
      const used = [...e.matchAll(/<([A-Z]\w*)/g)].map((m) => m[1]);
      expect(used.every((u) => COMPONENTS.includes(u!)), e).toBe(true);
    }
  });

  it.each(examples.map((e, i) => [i + 1, e]))('example %i compiles with the MDX compiler of the build', (_i, source) => {
    expect(() => mdxToJs(source as string)).not.toThrow();
  });

  it('states the counting example the counting module computes', () => {
    expect(GUIDE).toContain('「Hello 世界」= 7');
    expect(GUIDE).toContain('"Hello 世界" = 7');
    expect(countCharacters('Hello 世界')).toBe(7);
  });
});
