import { describe, expect, it } from 'vitest';
import { compileSynonyms, foldWord, HIDDEN, queryTerms, toIndexText } from '../../src/lib/client/search-analyze.ts';
import { analysedExcerpt } from '../../src/lib/client/search-excerpt.ts';
import { containsAllTerms } from '../../src/lib/client/search-engine.ts';

const show = (segments: { text: string; mark: boolean }[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');
/** Whether a query finds the text, the way Pagefind matches: every query word starts some indexed word. */
const finds = (query: string, text: string, synonyms: string[][] = []) => {
  const indexed = toIndexText(text, compileSynonyms(synonyms))
    .split(' ')
    .map((w) => w.replace(HIDDEN, '').toLowerCase().replace(/[^\p{L}\p{N}_]/gu, ''));
  const terms = queryTerms(query);
  return terms.length > 0 && terms.every((t) => indexed.some((w) => w.startsWith(t)));
};

describe('Japanese analysis shared by index and query', () => {
  it('folds notation variants to one form: kana width, long vowels, small kana, okurigana', () => {
    expect(foldWord('ウィンドウ')).toBe(foldWord('ウインドウ'));
    expect(foldWord('ユーザー')).toBe(foldWord('ユーザ'));
    expect(foldWord('申し込み')).toBe(foldWord('申込み'));
    expect(foldWord('申込')).toBe(foldWord('申し込み'));
    expect(foldWord('取り消し')).toBe(foldWord('取消'));
    expect(foldWord('ｼｮｰﾄｶｯﾄ')).toBe(foldWord('ショートカット'));
  });

  it('finds pages written one way with queries typed another', () => {
    expect(finds('申込み画面', '申し込み画面で、氏名を入力します。')).toBe(true);
    expect(finds('送信の取消し', '「送信を取り消す」で取り消せます。')).toBe(true);
    expect(finds('ウインドウ', 'ウィンドウを閉じます。')).toBe(true);
    expect(finds('すぬーず', 'スヌーズで「あとで確認」を確実にする')).toBe(true);
    expect(finds('ウィジェット', 'チャットウィジェットを設置します。')).toBe(true);
    expect(finds('ハコニワ', '株式会社ハコニワマーケットの事例')).toBe(true);
  });

  it('cuts a question or an inflected phrase down to its content words', () => {
    expect(queryTerms('二要素認証はどこで設定できますか')).toEqual(['二', '要素', '認証', '設定']);
    expect(queryTerms('祝日を登録する方法を教えてください')).toEqual(['祝日', '登録']);
    expect(queryTerms('送信を取り消したい')).toEqual(['送信', '取消']);
    expect(finds('二要素認証はどこで設定できますか', '二要素認証の必須化は「セキュリティ」の画面で設定します。')).toBe(true);
    expect(finds('メンバーを招待した', 'メンバーを招待しましょう。')).toBe(true);
  });

  it('lets a synonym group find each other, Japanese and English alike', () => {
    const groups = [['ログイン', 'サインイン', 'sign in'], ['二要素認証', '2FA', 'two-factor authentication']];
    expect(finds('サインイン', 'ログインできないときは', groups)).toBe(true);
    expect(finds('sign in', 'ログインできないときは', groups)).toBe(true);
    expect(finds('two-factor authentication', '二要素認証を必須にします', groups)).toBe(true);
    expect(finds('2FA', '二要素認証を必須にします', groups)).toBe(true);
    expect(finds('ログイン', 'サインインの手順', groups)).toBe(true);
    // Without the group the words do not meet.
    expect(finds('サインイン', 'ログインできないときは')).toBe(false);
  });

  it('never turns a word into a shorter one: an unknown word is not "found" through its prefix', () => {
    const content = toIndexText('権限 設計 の 印刷');
    const words = content.split(' ');
    const at = (w: string) => words.findIndex((x) => x.startsWith(w));
    expect(containsAllTerms(queryTerms('権限設計'), content, [at('権限'), at('設計')])).toBe(true);
    // Pagefind answers 設計図 / 印紙 with pages holding 設計 / 印刷 (its longest-prefix fallback).
    expect(containsAllTerms(queryTerms('設計図'), content, [at('設計')])).toBe(false);
    expect(containsAllTerms(queryTerms('印紙'), content, [at('印刷')])).toBe(false);
    expect(containsAllTerms(['settings'], 'the setting page', [1])).toBe(true);
  });

  it('shows excerpts as written: hidden words out, no spaces inside Japanese, matches highlighted', () => {
    const content = toIndexText('ログ。申し込み画面でユーザーを招待します。Google Workspace も使えます。');
    const words = content.split(' ');
    const hidden = words.findIndex((w) => w === `${HIDDEN}申込`);
    expect(hidden).toBeGreaterThan(0);
    const user = words.findIndex((w) => w.startsWith('ユーザー'));
    expect(show(analysedExcerpt(content, [hidden, user]))).toBe('ログ。[申し込み]画面で[ユーザーを]招待します。Google Workspaceも使えます。');
  });
});
