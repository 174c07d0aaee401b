import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { StoryRow } from './list-stories.ts';

/** Customer text as MDX that compiles whatever it contains: quoted, with MDX's special characters escaped. */
function quoteForMdx(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `> ${line.replace(/[\\{}<>`*_[\]]/g, (c) => `\\${c}`).replace(/^(\s*)(#|-|\+|\d+\.)/, '$1\\$2')}`.trimEnd())
    .join('\n');
}

/**
 * Write the case-study draft of an accepted story: valid frontmatter (key, customer, industry, results,
 * `draft: true`) and the customer's words quoted, with TODO notes for the author. Returns the path relative
 * to `root`. Never overwrites: a taken key gets a suffix.
 */
export function writeStoryDraft(root: string, dir: string, story: StoryRow & { accountSlug: string }, now = new Date()): string {
  const folder = resolve(root, dir);
  mkdirSync(folder, { recursive: true });
  const day = now.toISOString().slice(0, 10);
  const base = `case-${story.accountSlug}-${day.replace(/-/g, '')}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').slice(0, 60);
  let key = base;
  for (let n = 2; existsSync(join(folder, `${key}.mdx`)); n++) key = `${base}-${n}`;
  const results = story.results.length ? story.results.map((r) => ({ label: r.label, value: r.value, ...(r.before ? { before: r.before } : {}) })) : [{ label: 'TODO: 指標', value: 'TODO' }];
  const talk = story.kind === 'talk';
  const frontmatter = {
    key,
    title: story.title.slice(0, 120),
    description: `TODO: ${story.accountName ?? ''}の取り組みを1〜2文で。`.slice(0, 300),
    customer: (story.accountName ?? 'TODO').slice(0, 80),
    industry: (story.industry || 'TODO: 業種').slice(0, 60),
    level: talk ? 5 : 3,
    presentedByCustomer: talk,
    publishedAt: day,
    draft: true,
    tags: talk ? ['ユーザー会', '登壇'] : ['活用事例'],
    results,
  };
  const body = [
    `{/* ${story.accountName ?? ''} から ${new Date(story.createdAt).toISOString().slice(0, 10)} に寄せられた原稿です。公開の同意あり。公開前に書き直し、TODO をすべて埋めてから draft: false にしてください。 */}`,
    '',
    '## お客さまの声',
    '',
    quoteForMdx(story.story),
    '',
    '## 課題',
    '',
    'TODO: 導入前の課題を書く。',
    '',
    '## 取り組み',
    '',
    'TODO: 何をどう変えたかを書く。',
    '',
    '## 成果',
    '',
    'TODO: 数値の背景と、お客さまのコメントを書く。',
    '',
  ].join('\n');
  const file = join(folder, `${key}.mdx`);
  writeFileSync(file, `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n\n${body}`, { flag: 'wx' });
  return relative(root, file).split('\\').join('/');
}
