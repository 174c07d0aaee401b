import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSynonyms, SYNONYMS_FILE } from '../../src/lib/content/search-synonyms.ts';
import { validateContent, formatIssue } from '../../src/lib/content/validate.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A content tree with the demo fixture and this synonym file. */
function treeWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-synonyms-'));
  dirs.push(dir);
  cpSync(resolve(ROOT, 'tests/fixtures/search-content/content'), join(dir, 'content'), { recursive: true });
  mkdirSync(join(dir, 'content/search'), { recursive: true });
  writeFileSync(join(dir, SYNONYMS_FILE), yaml);
  return dir;
}

describe('the synonym file CS maintains', () => {
  it('the committed file is valid and pairs Japanese with English', () => {
    const { groups, issues } = loadSynonyms(ROOT);
    expect(issues).toEqual([]);
    expect(groups.length).toBeGreaterThan(20);
    expect(groups.some((g) => g.includes('ログイン') && g.includes('sign in'))).toBe(true);
  });

  it('content:check reports bad groups with file, line and a fix', () => {
    const dir = treeWith(['# comment', '- [ログイン, サインイン]', '- [ひとつ]', '- [サインイン, sign in]', '- just text', '- [OK, "   "]'].join('\n'));
    const issues = validateContent(dir).issues.filter((i) => i.file === SYNONYMS_FILE);
    const lines = issues.map((i) => `${i.line}: ${i.message}`);
    expect(lines).toEqual([
      '3: a group needs 2 to 12 words (found 1)',
      '4: "サインイン" is already in group 1',
      '5: a synonym group must be a list of words',
      '6: a synonym must be 1–60 characters',
    ]);
    expect(formatIssue(issues[0]!)).toMatch(/^content\/search\/synonyms\.yaml:3:\d+ /);
    expect(issues.every((i) => i.hint.length > 0)).toBe(true);
  });

  it('reports broken YAML and a file that is not a list', () => {
    expect(loadSynonyms(treeWith('- [ログイン, サインイン\n')).issues[0]!.message).toMatch(/not valid YAML/);
    expect(loadSynonyms(treeWith('login: サインイン\n')).issues[0]!.message).toBe('the file must be a list of synonym groups');
  });
});
