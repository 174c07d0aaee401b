import type { Db } from '../../db/client.ts';
import { itemFeedback, successStories, supportRequests, surveyResponses } from '../../db/schema/index.ts';
import type { Survey } from '../../src/schemas/survey.ts';
import { dayOf } from '../../src/lib/server/tracking/day.ts';
import { closesPerAccount, roundStartDay, surveyRound } from '../../src/lib/server/surveys/survey-round.ts';
import { prng } from './activity-simulator.ts';

const DAY = 86_400_000;

const COMMENTS_HELPFUL = [
  '手順どおりに進めたら設定できました。画面の画像があって助かります。',
  '社内の説明資料にそのまま使えました。',
  'Clear steps, thank you.',
  '他社の事例が具体的で参考になりました。',
];
const COMMENTS_UNHELPFUL = [
  '画面の表示が今のバージョンと違っていて迷いました。',
  '権限の設定がどこにあるのかわかりませんでした。',
  'CSV の列の説明がもう少し欲しいです。',
  'The screenshots do not match the current UI.',
  '専門用語が多くて、初めてだと難しかったです。',
];

/**
 * Demo answers to "was this page helpful?": about a quarter of the people who opened an item answer it,
 * one item in five is rated poorly (so "where to write next" and /manage/feedback have something to show),
 * and one answer in four carries a comment. Deterministic, like the activity seed.
 */
export function seedFeedback(db: Db, now = Date.now()): number {
  const rand = prng(20261201);
  const viewed = db.$client
    .prepare(
      `SELECT user_id AS userId, max(account_id) AS accountId, content_key AS contentKey, max(day) AS day FROM tracking_daily
       WHERE views > 0 AND user_id <> '' AND account_id <> '' AND user_id IN (SELECT id FROM users)
       GROUP BY user_id, content_key ORDER BY user_id, content_key`,
    )
    .all() as { userId: string; accountId: string; contentKey: string; day: string }[];
  const keys = [...new Set(viewed.map((v) => v.contentKey))].sort();
  const poorlyRated = new Set(keys.filter((_, i) => i % 5 === 2));
  const rows: (typeof itemFeedback.$inferInsert)[] = [];
  for (const v of viewed) {
    if (rand() >= 0.25) continue;
    const helpful = rand() < (poorlyRated.has(v.contentKey) ? 0.3 : 0.85);
    const pool = helpful ? COMMENTS_HELPFUL : COMMENTS_UNHELPFUL;
    const comment = rand() < 0.25 ? pool[Math.floor(rand() * pool.length)]! : null;
    const at = Math.min(now, Date.parse(`${v.day}T12:00:00Z`) + Math.floor(rand() * DAY));
    rows.push({ userId: v.userId, accountId: v.accountId, contentKey: v.contentKey, helpful, comment, createdAt: at, updatedAt: at });
  }
  db.transaction((tx) => {
    for (const r of rows) tx.insert(itemFeedback).values(r).onConflictDoNothing().run();
  });
  return rows.length;
}

const REQUESTS: Array<{ email: string; topic: 'question' | 'problem' | 'content' | 'other'; message: string; page: string | null; status: 'open' | 'answered' | 'closed'; daysAgo: number }> = [
  { email: 'user@acme.example', topic: 'question', message: '承認フローを部署ごとに分けることはできますか?', page: '/manuals', status: 'open', daysAgo: 1 },
  { email: 'admin@acme.example', topic: 'content', message: 'Slack 連携の設定手順の記事があると助かります。検索しても見つかりませんでした。', page: '/search', status: 'answered', daysAgo: 6 },
  { email: 'user@globex.example', topic: 'problem', message: 'CSV インポートで文字化けします。Excel で保存したファイルです。', page: '/manuals', status: 'open', daysAgo: 2 },
];

/** Demo requests to the CS team (open and answered), so /manage/requests and the account page show some. */
export function seedRequests(db: Db, now = Date.now()): number {
  const ids = new Map((db.$client.prepare('SELECT id, email, account_id AS accountId FROM users').all() as { id: string; email: string; accountId: string | null }[]).map((u) => [u.email, u]));
  let n = 0;
  db.transaction((tx) => {
    for (const [i, r] of REQUESTS.entries()) {
      const person = ids.get(r.email);
      if (!person?.accountId) continue;
      const at = now - r.daysAgo * DAY;
      tx.insert(supportRequests).values({ id: `demo-request-${i + 1}`, accountId: person.accountId, userId: person.id, topic: r.topic, message: r.message, page: r.page, status: r.status, createdAt: at, updatedAt: at }).onConflictDoNothing().run();
      n++;
    }
  });
  return n;
}

const NPS_BY_SEGMENT: Record<string, number[]> = {
  high: [6, 8, 9, 9, 10, 10, 8, 7, 9, 10],
  low: [5, 7, 7, 8, 8, 9, 6, 9, 10, 7],
  tech: [2, 4, 6, 7, 7, 8, 5, 9, 3, 8],
};
const NPS_REASONS = ['サポートの対応が早い', '設定が難しかった', 'レポートが便利', 'Works well for our team', '料金に見合っている'];
// The demo logins find surveys waiting for them (the current round stays open for them).
const KEEP_OPEN = new Set(['user@acme.example', 'admin@acme.example', 'user@globex.example', 'admin@globex.example']);

/**
 * Demo survey answers: every round due so far is answered by some people of an account, more often the more
 * the account reads; NPS spread by segment; about a third of the accounts asked say yes to presenting their
 * success. Stages A–E on a fresh start follow from these answers and the sign-ins.
 */
export function seedSurveys(db: Db, surveys: Survey[], timeZone: string, now = Date.now()): number {
  const rand = prng(20261202);
  const today = dayOf(now, timeZone);
  const accounts = db.$client.prepare('SELECT id, slug, segment, contract_start AS contractStart FROM accounts ORDER BY id').all() as { id: string; slug: string; segment: string; contractStart: string }[];
  const people = db.$client.prepare("SELECT id, email, role, account_id AS accountId FROM users WHERE account_id IS NOT NULL ORDER BY id").all() as { id: string; email: string; role: string; accountId: string }[];
  const reads = new Map((db.$client.prepare("SELECT account_id AS id, sum(views) AS views FROM tracking_daily WHERE account_id <> '' GROUP BY account_id").all() as { id: string; views: number }[]).map((r) => [r.id, r.views]));
  const rows: (typeof surveyResponses.$inferInsert)[] = [];
  for (const a of accounts) {
    const members = people.filter((p) => p.accountId === a.id);
    const engagement = Math.min(0.9, 0.2 + (reads.get(a.id) ?? 0) / Math.max(1, members.length) / 150);
    for (const survey of surveys) {
      const current = surveyRound(survey, a.contractStart, today);
      if (current === null) continue;
      for (let round = 0; round <= current; round++) {
        if (rand() > (round === current ? engagement * 0.7 : engagement)) continue;
        const asked = members.filter((p) => survey.audience !== 'customer-admins' || p.role === 'customer-admin');
        const open = round === current ? asked.filter((p) => !KEEP_OPEN.has(p.email)) : asked;
        if (survey.key === 'success-story' && a.slug === 'acme') continue;
        const count = closesPerAccount(survey) ? 1 : 1 + Math.floor(rand() * Math.min(3, open.length));
        const chosen = [...open].sort(() => rand() - 0.5).slice(0, count);
        const start = Date.parse(`${roundStartDay(survey, a.contractStart, round)}T01:00:00Z`);
        for (const p of chosen) {
          const at = Math.min(now - 3_600_000, start + Math.floor(rand() * 10) * DAY);
          const answers: Record<string, unknown> = {};
          let nps: number | null = null;
          let consent = false;
          for (const q of survey.questions) {
            if (q.type === 'nps') {
              const pool = NPS_BY_SEGMENT[a.segment] ?? NPS_BY_SEGMENT.low!;
              nps = pool[Math.floor(rand() * pool.length)]!;
              answers[q.id] = nps;
              if (rand() < 0.4) answers[`${q.id}.reason`] = NPS_REASONS[Math.floor(rand() * NPS_REASONS.length)];
            } else if (q.type === 'scale') answers[q.id] = 2 + Math.floor(rand() * 4);
            else if (q.type === 'single') {
              const pick = q.consent ? (rand() < 0.35 ? 'yes' : rand() < 0.6 ? 'later' : 'no') : q.options[Math.floor(rand() * q.options.length)]!.value;
              answers[q.id] = pick;
              if (q.consent && pick === 'yes') consent = true;
            } else if (q.type === 'multiple') answers[q.id] = q.options.filter(() => rand() < 0.5).map((o) => o.value);
          }
          rows.push({ surveyKey: survey.key, round, userId: p.id, accountId: a.id, answers: JSON.stringify(answers), nps, consent, submittedAt: at, createdAt: at, updatedAt: at });
        }
      }
    }
  }
  db.transaction((tx) => {
    for (const r of rows) tx.insert(surveyResponses).values(r).onConflictDoNothing().run();
  });
  return rows.length;
}

/** Two stories customers offered (proposed, waiting for review on /manage/stories). */
export function seedStories(db: Db, now = Date.now()): number {
  const stories = [
    { slug: 'minato-logi', kind: 'talk' as const, title: '問い合わせが2倍になっても、チームの人数は変えなかった話', industry: '物流', story: '繁忙期の問い合わせが前年の2倍になりましたが、自動振り分けとテンプレートを整えたことで、同じ人数で回答時間を半分にできました。ユーザー会で工夫をお話ししたいです。', results: [{ label: '回答時間(中央値)', before: '6時間', value: '3時間' }] },
    { slug: 'seiran-consulting', kind: 'case-study' as const, title: '月次レポート作成を2日から2時間に', industry: 'コンサルティング', story: 'レポート機能を使い、毎月の顧客向けレポートを自動で作るようにしました。担当者はレポートの読み解きと提案に時間を使えるようになりました。', results: [{ label: '月次レポートの作成時間', before: '2日', value: '2時間' }] },
  ];
  let n = 0;
  for (const [i, s] of stories.entries()) {
    const admin = db.$client.prepare("SELECT u.id, a.id AS accountId FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.slug = ? ORDER BY u.role = 'customer-admin' DESC, u.id LIMIT 1").get(s.slug) as { id: string; accountId: string } | undefined;
    if (!admin) continue;
    const at = now - (3 + i * 4) * DAY;
    db.insert(successStories).values({ id: `demo-story-${i + 1}`, accountId: admin.accountId, userId: admin.id, kind: s.kind, title: s.title, story: s.story, results: JSON.stringify(s.results), industry: s.industry, consent: true, status: 'proposed', createdAt: at, updatedAt: at }).onConflictDoNothing().run();
    n++;
  }
  return n;
}
