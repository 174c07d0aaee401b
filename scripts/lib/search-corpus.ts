// A generated corpus for the 1,000-page speed figure: Japanese prose with many distinct words (kanji
// compounds, katakana terms) and some English, so the index has a realistic number of terms and chunks.
import type { SearchDoc } from '../../src/lib/server/search/build-index.ts';
import { CONTENT_TYPES, type ContentType } from '../../src/schemas/common.ts';

// Two-kanji words (設定, 権限, 管理, …): consecutive pairs of this string, so segmenters see real words.
const KANJI_TEXT = [...'設定権限管理画面登録招待削除変更確認通知連携請求契約分析報告共有検索表示編集作成保存出力入力顧客担当営業開発運用導入活用成功事例会議資料目標指標期間月次週次全体部門組織利用状況機能追加改善対応手順方法注意事項'];
const KANJI = Array.from({ length: KANJI_TEXT.length / 2 }, (_, i) => KANJI_TEXT[2 * i]! + KANJI_TEXT[2 * i + 1]!);
const KATAKANA = ['ダッシュボード', 'レポート', 'ワークフロー', 'テンプレート', 'チャンネル', 'アカウント', 'メンバー', 'ロール', 'フィルター', 'エクスポート', 'インポート', 'カレンダー', 'タスク', 'プロジェクト', 'チケット', 'ステータス', 'オンボーディング', 'ウェビナー', 'セグメント', 'アラート'];
const ENGLISH = ['workflow', 'report', 'export', 'import', 'dashboard', 'permission', 'integration', 'webhook', 'template', 'analytics'];
const PARTICLES = ['の', 'を', 'に', 'で', 'と', 'は', 'が', 'から', 'まで'];
const ENDINGS = ['します。', 'できます。', 'してください。', 'を確認します。', 'が表示されます。'];

/** Deterministic pseudo-random numbers, so every run indexes the same corpus. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function generateCorpus(pages: number, seed = 42): SearchDoc[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const word = () => (r() < 0.6 ? pick(KANJI) : r() < 0.85 ? pick(KATAKANA) : pick(ENGLISH));
  const sentence = () => {
    let s = '';
    for (let i = 0, n = 3 + Math.floor(r() * 4); i < n; i++) s += word() + pick(PARTICLES);
    return s + word() + pick(ENDINGS);
  };
  const docs: SearchDoc[] = [];
  for (let i = 0; i < pages; i++) {
    const type = pick(CONTENT_TYPES.filter((t) => t !== 'roadmap')) as ContentType;
    const sentences = Array.from({ length: 20 + Math.floor(r() * 20) }, sentence);
    docs.push({
      type,
      key: `bench-${i}`,
      locale: 'ja',
      title: `${word()}${word()}の${word()} ${i}`,
      description: sentence(),
      level: 1 + Math.floor(r() * 5),
      audience: 'public',
      tags: [word(), word()],
      productArea: pick(['admin', 'reports', 'integrations', 'billing', 'success']),
      text: sentences.join(''),
    });
  }
  return docs;
}
