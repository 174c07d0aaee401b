import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

export const ROADMAP_ACTORS = ['customer', 'customer-admin', 'csm', 'vendor'] as const;
export type RoadmapActor = (typeof ROADMAP_ACTORS)[number];

export const ACTION_DONE_KINDS = ['content', 'confirm', 'event'] as const;
export type ActionDoneKind = (typeof ACTION_DONE_KINDS)[number];

/** One concrete thing to do in a stage (schema v2): who does it, with which content, and how it counts as done. */
export const roadmapActionSchema = z
  .object({
    id: contentKey.meta({
      description: 'Stable id of the action, unique within the roadmap (progress is stored under it, so never change it once published).',
      ja: 'アクションの安定したID(ロードマップ内で一意)。進捗はこのIDで保存されるため、公開後は変えません。',
    }),
    title: z.string().min(1).max(120).meta({ description: 'What to do, e.g. "Invite your team".', ja: 'やること。例: 「メンバーを招待する」。' }),
    actor: z.enum(ROADMAP_ACTORS).meta({
      description: 'Who performs it: `customer` (any person of the account), `customer-admin`, `csm` (the account\'s CSM) or `vendor` (any vendor staff).',
      ja: '実施する人: `customer`(アカウントの誰でも)、`customer-admin`(顧客の管理者)、`csm`(担当CSM)、`vendor`(ベンダーのスタッフ)。',
    }),
    done: z.enum(ACTION_DONE_KINDS).meta({
      description:
        'How it counts as done: `content` (somebody in the account engaged with every item in `items`), `confirm` (a person of the right actor ticks it, with an optional note) or `event` (somebody in the account attended a community event; `event` names one, else any counts).',
      ja: '完了の条件: `content`(アカウントの誰かが `items` のすべてを閲覧・完了)、`confirm`(該当する実施者がチェックを付ける。メモは任意)、`event`(アカウントの誰かがコミュニティイベントに参加。`event` で指定がなければどれでも可)。',
    }),
    items: z.array(contentKey).max(20).default([]).meta({
      description: 'Keys of the content to use, in order; required for `done: content`. Each must exist.',
      ja: '使うコンテンツのキーを順番に。`done: content` では必須。存在するキーだけを書けます。',
    }),
    event: contentKey.optional().meta({
      description: 'For `done: event`: key of the event announcement that counts (omit: any community event).',
      ja: '`done: event` のとき: 対象のイベント(お知らせ)のキー。省略するとどのイベントでも可。',
    }),
  })
  .strict()
  .refine((a) => a.done !== 'content' || a.items.length > 0, {
    message: 'an action with `done: content` needs at least one key in `items`',
    path: ['items'],
  })
  .refine((a) => a.done === 'event' || a.event === undefined, { message: '`event` is only allowed with `done: event`', path: ['event'] });
export type RoadmapAction = z.output<typeof roadmapActionSchema>;

/**
 * One stage of a success roadmap. Schema v1 (`title`, `period`, `items`) stays valid; schema v2 names the
 * stage from both sides (`vendorTitle`, `customerTitle`), gives it a due day and concrete `actions`.
 */
export const roadmapStageSchema = z
  .object({
    title: z.string().min(1).max(80).optional().meta({ description: 'v1: stage title, e.g. "1週目: 初期設定" (v2 uses `vendorTitle` and `customerTitle`).', ja: 'v1: 段階の名前。例: 「1週目: 初期設定」(v2 では `vendorTitle` と `customerTitle`)。' }),
    vendorTitle: z.string().min(1).max(80).optional().meta({ description: 'v2: the stage as the vendor (CS team) calls it, e.g. "Adoption".', ja: 'v2: ベンダー(CSチーム)から見た段階の名前。例: 「利用定着」。' }),
    customerTitle: z.string().min(1).max(80).optional().meta({ description: 'v2: the stage as the customer sees it, e.g. "Everyone answers tickets".', ja: 'v2: 顧客から見た段階の名前。例: 「全員がチケットに返信できる」。' }),
    period: z.string().min(1).max(40).optional().meta({ description: 'Period label, e.g. `week-1`, `month-1`, `month-3`.', ja: '期間のラベル。例: `week-1`、`month-1`、`month-3`。' }),
    dueDay: z.number().int().min(1).max(3650).optional().meta({
      description: 'v2: due this many days after the account\'s contract start; actions not done by then are overdue. v1 stages take it from `period` (`week-N` = 7·N, `month-N` = 30·N).',
      ja: 'v2: アカウントの契約開始日から何日後が期限か。それまでに終わっていないアクションは期限超過になります。v1 の段階は `period` から求めます(`week-N` = 7×N日、`month-N` = 30×N日)。',
    }),
    goal: z.string().max(200).optional().meta({ description: 'What the customer has achieved at the end of the stage.', ja: 'この段階を終えたときに顧客ができていること。' }),
    items: z.array(contentKey).optional().meta({ description: 'v1: keys of the items to work through, in order; each must exist (v2 puts them in `actions`).', ja: 'v1: 取り組むコンテンツのキーを順番に。存在するキーだけを書けます(v2 では `actions` に書きます)。' }),
    actions: z.array(roadmapActionSchema).min(1).max(30).optional().meta({ description: 'v2: the actions of the stage, in order. At least one.', ja: 'v2: この段階のアクションを順番に。1つ以上。' }),
  })
  .strict()
  .refine((s) => s.title !== undefined || (s.vendorTitle !== undefined && s.customerTitle !== undefined), {
    message: 'a stage needs `title` (v1) or both `vendorTitle` and `customerTitle` (v2)',
    path: ['customerTitle'],
  })
  .refine((s) => (s.items?.length ?? 0) > 0 || (s.actions?.length ?? 0) > 0, {
    message: 'a stage needs `actions` (v2) or at least one key in `items` (v1)',
    path: ['actions'],
  });
export type RoadmapStage = z.output<typeof roadmapStageSchema>;

/** Success roadmap (サクセスロードマップ): ordered stages of content for onboarding. */
export const roadmapSchema = z
  .object({
    ...baseFields,
    level: levelField('roadmap'),
    default: z.boolean().default(false).meta({
      description:
        'The roadmap for accounts no other roadmap is meant for. Which roadmap applies to an account: the one staff chose on the account page, else a roadmap whose restricted `audience` lists the account\'s segment or plan, else the one with `default: true`.',
      ja: 'ほかのロードマップの対象にならないアカウントに適用するロードマップ。適用の順: アカウント画面でスタッフが選んだもの → `audience` のセグメント/プランが一致するもの → `default: true` のもの。',
    }),
    stages: z.array(roadmapStageSchema).min(1).meta({ description: 'Stages in order. At least one.', ja: '段階を順番に。1つ以上。' }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.stages.forEach((s, si) =>
      (s.actions ?? []).forEach((a, ai) => {
        if (seen.has(a.id)) ctx.addIssue({ code: 'custom', message: `the action id "${a.id}" is used twice in this roadmap; give each action its own id`, path: ['stages', si, 'actions', ai, 'id'] });
        seen.add(a.id);
      }),
    );
  })
  .meta({ description: 'Success roadmap: stages named from both sides, with actions per actor and the content to use.', ja: 'サクセスロードマップ: 双方の視点で名付けた段階と、実施者ごとのアクション、使うコンテンツ。' });
export type RoadmapData = z.output<typeof roadmapSchema>;
