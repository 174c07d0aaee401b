// Text normalisation shared by the index builder (Node) and the search box (browser), so a query is
// turned into index terms exactly the way the indexed text was.

/** Han, kana and the marks that live inside Japanese words (長音符, 々, ヶ). */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+/gu;

/** Full-width → half-width (ＡＢＣ → abc), half-width kana → full-width, lower case, single spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Query text as stored for content-gap counting: normalised and bounded. */
export function normalizeQuery(query: string): string {
  return normalizeText(query).slice(0, 100);
}

/**
 * Index side of the "bigram" mode: every run of Japanese characters becomes its overlapping
 * two-character pieces (設定変更 → 設定 定変 変更), so any substring of two or more characters is
 * made of indexed pieces whatever Pagefind's word segmenter would have done.
 */
export function toBigramText(text: string): string {
  // Case is left alone: Pagefind folds it itself, and excerpts keep the writer's capitals.
  return text
    .normalize('NFKC')
    .replace(CJK_RUN, (run) => {
      const chars = [...run];
      if (chars.length < 3) return ` ${run} `;
      const grams: string[] = [];
      for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!);
      return ` ${grams.join(' ')} `;
    })
    // Japanese punctuation stands alone, so it is never part of a highlighted word.
    .replace(/[\u3000-\u303f\uff01-\uff0f]/g, ' $& ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MAX_PIECES = 3;

/**
 * Query side of the "bigram" mode: Japanese runs become non-overlapping pieces (権限設定 → 権限 設定;
 * an odd tail overlaps: 管理者 → 管理 理者). Every piece of a contiguous match is an indexed bigram,
 * and a compound split by a particle in the text (権限の設定) still matches.
 */
export function toBigramQuery(query: string): string {
  return normalizeText(query)
    .replace(CJK_RUN, (run) => {
      const chars = [...run];
      if (chars.length < 3) return ` ${run} `;
      const grams: string[] = [];
      for (let i = 0; i + 1 < chars.length; i += 2) grams.push(chars[i]! + chars[i + 1]!);
      if (chars.length % 2 === 1) grams.push(chars[chars.length - 2]! + chars[chars.length - 1]!);
      // Each piece may cost an index chunk download; beyond three, first, middle and last still
      // pin the word down (ダッシュボード → ダッ ボー ード).
      const kept = grams.length > MAX_PIECES ? [grams[0]!, grams[Math.floor(grams.length / 2)]!, grams[grams.length - 1]!] : grams;
      return ` ${kept.join(' ')} `;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
