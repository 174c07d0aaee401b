// Type-specific frontmatter and body skeletons for `npm run new` (Japanese and English).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ContentType, Locale } from '../../src/schemas/index.ts';
import type { CheckedItem } from '../../src/lib/content/validate.ts';
import { UsageError, type NewItemRequest } from './new-item.ts';

export interface SkeletonInput {
  type: ContentType;
  key: string;
  title: string;
  locale: Locale;
  level: number;
  today: string;
  req: NewItemRequest;
  items: CheckedItem[];
  /** The item being translated, when the key already exists in another locale. */
  source?: CheckedItem;
  root: string;
}

const q = (s: string) => JSON.stringify(s);
const T = (locale: Locale, ja: string, en: string) => (locale === 'ja' ? ja : en);

function head(s: SkeletonInput, description: string, tags: string[] = []): string {
  return [
    `key: ${s.key}`,
    `title: ${q(s.title)}`,
    `description: ${q(description)}`,
    `locale: ${s.locale}`,
    `level: ${s.level}`,
    `tags: [${tags.map(q).join(', ')}]`,
    `# ${T(s.locale, '書き終えたら draft を false にすると本番に公開されます', 'set draft to false when the text is ready to publish')}`,
    `draft: true`,
    `publishedAt: ${s.today}`,
  ].join('\n');
}

const DESCRIPTION = (l: Locale) =>
  T(l, 'TODO: 一覧と検索結果に表示される1〜2文の説明を書きます。', 'TODO: one or two sentences shown in lists and search results.');

export function skeletonFor(s: SkeletonInput): string {
  if (s.source) return translationSkeleton(s, s.source);
  const l = s.locale;
  const refs = (s.req.refs ?? []).map((k) => {
    if (!s.items.some((i) => i.data.key === k)) throw new UsageError(`--ref "${k}" is not the key of any item — check the key in its file's frontmatter`);
    return k;
  });
  let fields: string[] = [];
  let body: string;
  switch (s.type) {
    case 'manual': {
      const series = s.req.series ?? s.key;
      const inSeries = s.items.filter((i) => i.type === 'manual' && i.data.locale === l && i.data.series === series);
      const order = s.req.order ?? Math.max(0, ...inSeries.map((i) => Number(i.data.order))) + 1;
      fields = [`series: ${series}`, `order: ${order}`, `minutes: 10`];
      body = T(l, MANUAL_JA, MANUAL_EN);
      break;
    }
    case 'article':
      fields = ['kind: article'];
      body = T(l, ARTICLE_JA, ARTICLE_EN);
      break;
    case 'webinar': {
      const src = s.req.video ?? `TODO: webinars/${s.key}.mp4`;
      if (s.req.video && !/^https:\/\//.test(src) && !existsSync(join(s.root, 'content/media', src))) {
        throw new UsageError(`--video "${src}" does not exist under content/media/ — add the file first or give an https:// URL`);
      }
      fields = [
        'video:',
        `  src: ${q(src)}`,
        '  chapters:',
        `    - at: "0:00"`,
        `      title: ${q(T(l, 'はじめに', 'Introduction'))}`,
        `# TODO: ${T(l, '録画の長さ(分)と開催日を確認します', 'check the length in minutes and the date')}`,
        'durationMinutes: 60',
        `heldAt: ${s.today}`,
        'speakers:',
        `  - name: ${q(T(l, 'TODO: 登壇者名', 'TODO: speaker name'))}`,
        `    role: ${q(T(l, 'TODO: 役職・会社名', 'TODO: role and company'))}`,
      ];
      body = T(l, WEBINAR_JA, WEBINAR_EN);
      break;
    }
    case 'case-study':
      fields = [
        `customer: ${q(T(l, 'TODO: 顧客企業名(公開の許可を得た表記)', 'TODO: customer name (as approved for publication)'))}`,
        `industry: ${q(T(l, 'TODO: 業種', 'TODO: industry'))}`,
        'results:',
        `  - label: ${q(T(l, 'TODO: 指標(例: 月次レポート作成時間)', 'TODO: metric (e.g. monthly reporting time)'))}`,
        `    value: ${q(T(l, 'TODO: 導入後の値', 'TODO: value after'))}`,
        `    before: ${q(T(l, 'TODO: 導入前の値', 'TODO: value before'))}`,
        'presentedByCustomer: false',
      ];
      body = T(l, CASE_JA, CASE_EN);
      break;
    case 'announcement':
      fields = ['kind: new-content', `refs: [${refs.join(', ')}]`];
      body = T(l, 'TODO: 何が新しくなり、誰の役に立つかを2〜3文で書きます。\n', 'TODO: two or three sentences: what is new and who it helps.\n');
      if (refs.length) body += '\n' + refs.map((k) => `- <ItemLink to="${k}">${titleOf(s, k)}</ItemLink>`).join('\n') + '\n';
      break;
    case 'roadmap':
      fields = ['stages:', ...roadmapStages(s, refs)];
      body = T(l, 'TODO: このロードマップの対象と、最後まで進めたときにできるようになることを書きます。\n', 'TODO: who this roadmap is for and what they can do at the end.\n');
      break;
  }
  return `---\n${head(s, DESCRIPTION(l))}\n${fields.join('\n')}\n---\n\n${body}`;
}

function titleOf(s: SkeletonInput, key: string): string {
  const t = s.items.filter((i) => i.data.key === key);
  return String((t.find((i) => i.data.locale === s.locale) ?? t[0])!.data.title).replace(/[<>{}]/g, '');
}

/** Stages from --ref, or a sensible first draft from existing published content in the locale. */
function roadmapStages(s: SkeletonInput, refs: string[]): string[] {
  const l = s.locale;
  const published = s.items.filter((i) => !i.data.draft);
  const inLocale = published.filter((i) => i.data.locale === l);
  const pool = inLocale.length ? inLocale : published;
  const keysOf = (types: ContentType[], n: number) =>
    [...new Set(pool.filter((i) => types.includes(i.type)).map((i) => i.data.key))].slice(0, n);
  const stages: [string, string, string[]][] = refs.length
    ? [[T(l, '1週目: 初期設定', 'Week 1: set up'), 'week-1', refs]]
    : [
        [T(l, '1週目: 初期設定', 'Week 1: set up'), 'week-1', keysOf(['manual'], 3)],
        [T(l, '1か月目: 活用を広げる', 'Month 1: broaden use'), 'month-1', keysOf(['article', 'webinar'], 3)],
        [T(l, '3か月目: 成果を出す', 'Month 3: achieve results'), 'month-3', keysOf(['case-study'], 2)],
      ];
  const filled = stages.filter(([, , keys]) => keys.length);
  if (!filled.length) {
    throw new UsageError('a roadmap lists existing items and there are none yet — create a manual first, or pass --ref <key>');
  }
  // Schema v2: the stage named from both sides, due by its period, a reading action and a step to confirm.
  const due: Record<string, number> = { 'week-1': 7, 'month-1': 30, 'month-3': 90 };
  return filled.flatMap(([title, period, keys], i) => [
    `  - vendorTitle: ${q(T(l, 'TODO: 社内での段階の呼び方', 'TODO: what the CS team calls this stage'))}`,
    `    customerTitle: ${q(title)}`,
    `    period: ${period}`,
    `    dueDay: ${due[period] ?? 30}`,
    `    goal: ${q(T(l, 'TODO: この段階を終えたときにできていること', 'TODO: what the customer can do at the end of this stage'))}`,
    '    actions:',
    `      - id: stage-${i + 1}-read`,
    `        title: ${q(T(l, 'TODO: 読んで取り組むこと', 'TODO: what to read and do'))}`,
    '        actor: customer',
    '        done: content',
    '        items:',
    ...keys.map((k) => `          - ${k}`),
    `      - id: stage-${i + 1}-confirm`,
    `        title: ${q(T(l, 'TODO: できたことを管理者が確認する', 'TODO: what the customer admin confirms'))}`,
    '        actor: customer-admin',
    '        done: confirm',
  ]);
}

/** Same key and structured fields as the source, a new locale, and the source text to translate. */
function translationSkeleton(s: SkeletonInput, source: CheckedItem): string {
  const omit = new Set(['key', 'title', 'description', 'locale', 'level', 'tags', 'draft', 'publishedAt', 'updatedAt']);
  const rest = Object.fromEntries(
    Object.entries(source.data)
      .filter(([k]) => !omit.has(k))
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]),
  );
  const level = s.req.level ?? (source.data as { level?: number }).level ?? s.level;
  const extra = Object.keys(rest).length ? stringify(rest).trimEnd() + '\n' : '';
  const note = T(s.locale, `{/* TODO: ${source.file} の本文を翻訳します */}`, `{/* TODO: translate the text of ${source.file} */}`);
  return `---\n${head({ ...s, level }, DESCRIPTION(s.locale), (source.data as { tags?: string[] }).tags ?? [])}\n${extra}---\n\n${note}\n${source.body.replace(/^\n+/, '\n')}`;
}

const MANUAL_JA = `TODO: このページを終えると何ができるようになるかを1〜2文で書きます。

## 準備

- TODO: 必要な権限や、事前に用意するものを書きます。

## 手順

<Steps>

1. TODO: 最初の操作を書きます。画面名とボタン名は「」で囲みます。
2. TODO: 次の操作を書きます。

</Steps>

## 確認

TODO: うまくいったことをどう確かめるかを書きます。
`;
const MANUAL_EN = `TODO: one or two sentences on what the reader can do after this page.

## Before you start

- TODO: permissions and anything to prepare.

## Steps

<Steps>

1. TODO: the first action. Put screen and button names in **bold**.
2. TODO: the next action.

</Steps>

## Check

TODO: how the reader can tell that it worked.
`;
const ARTICLE_JA = `TODO: この記事で何がわかるかを1〜2文で書きます。

## 背景

TODO: なぜこのテーマが大切かを書きます。

## ポイント

TODO: 具体的なやり方や考え方を書きます。

## まとめ

TODO: 次に読むとよいコンテンツへのリンクを置きます。
`;
const ARTICLE_EN = `TODO: one or two sentences on what the reader learns.

## Why it matters

TODO: why this topic is important.

## How to do it

TODO: the concrete approach.

## Summary

TODO: link to what to read next.
`;
const WEBINAR_JA = `TODO: 誰向けのウェビナーで、何がわかるかを2〜3文で書きます。

## このウェビナーでわかること

- TODO: ポイントを3つほど書きます。

## 関連コンテンツ

TODO: 関連するマニュアルや記事へのリンクを置きます。
`;
const WEBINAR_EN = `TODO: two or three sentences on who the webinar is for and what they learn.

## What you will learn

- TODO: about three key points.

## Related content

TODO: link to related manuals and articles.
`;
const CASE_JA = `TODO: どんな会社が、何のために導入したかを2〜3文で書きます。

## 課題

TODO: 導入前に困っていたことを書きます。

## 取り組み

TODO: どの機能をどう使ったかを書きます。

## 成果

TODO: frontmatter の results に書いた数字を、背景とあわせて説明します。

## 今後の展望

TODO: 次に取り組むことを書きます。
`;
const CASE_EN = `TODO: two or three sentences: who the customer is and why they adopted the product.

## Challenge

TODO: what was hard before.

## Approach

TODO: which features they used and how.

## Results

TODO: explain the figures in the results field, with their context.

## What's next

TODO: what they plan to do next.
`;
