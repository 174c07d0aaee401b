import type { Db } from '../../db/client.ts';
import { itemFeedback } from '../../db/schema/index.ts';
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
      `SELECT user_id AS userId, account_id AS accountId, content_key AS contentKey, max(day) AS day FROM tracking_daily
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
