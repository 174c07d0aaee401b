// Japanese text analysis shared by the index builder (Node) and the search box (browser), so a query is
// cut and folded exactly the way the indexed text was:
// - NFKC (full-width ＡＢＣ → ABC, half-width ｶﾅ → カナ), lower case;
// - words cut by the ICU word segmenter every browser and Node ship (Intl.Segmenter, dictionary-based for
//   Japanese; no dictionary download — see docs/operations.md "Search" for why not kuromoji/lindera);
// - each Japanese word also gets a folded form: katakana → hiragana, long vowel mark dropped, small kana
//   made large (ウィンドウ/ウインドウ, ユーザー/ユーザ meet), and for a word that starts with kanji its
//   kana dropped (okurigana and inflection: 申し込み/申込み/申込, 取り消し/取消す/取り消した meet);
// - the index carries the folded form as a hidden word right after the written one (prefixed with
//   HIDDEN, which Pagefind strips from the indexed word; the excerpt renderer skips it), and a query is
//   sent as folded content words only: particles, auxiliaries and question words are dropped, so
//   「二要素認証はどこで設定できますか」 searches 二 要素 認証 設定.

/** Prefix of a word that is indexed but never shown (folded forms, synonyms). Pagefind drops it as punctuation. */
export const HIDDEN = '⁂';

const JA_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]/u;
const JA_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+/gu;
const HAN = /[\p{Script=Han}々〆ヶ]/u;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const SMALL: Record<string, string> = { ぁ: 'あ', ぃ: 'い', ぅ: 'う', ぇ: 'え', ぉ: 'お', っ: 'つ', ゃ: 'や', ゅ: 'ゆ', ょ: 'よ', ゎ: 'わ', ゕ: 'か', ゖ: 'け' };

let segmenter: Intl.Segmenter | undefined;
const words = (text: string) => (segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' })).segment(text);

const HIRAGANA = /^[\p{Script=Hiragana}ー]+$/u;
const toKatakana = (w: string) => w.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

/** Small kana made large, long vowel marks dropped, ヴ → ブ (ウィンドウ/ウインドウ, ユーザー/ユーザ meet). */
function plainKana(w: string): string {
  return [...w.replace(/ヴ/g, 'ブ').replace(/ゔ/g, 'ぶ')]
    .filter((c) => c !== 'ー')
    .map((c) => {
      const small = SMALL[c] ?? SMALL[String.fromCharCode(c.charCodeAt(0) - 0x60)];
      if (!small) return c;
      return /[\u30a1-\u30f6]/.test(c) ? toKatakana(small) : small;
    })
    .join('');
}

/**
 * The folded form of one Japanese word (see the header); other words are only lower-cased.
 * - starts with kanji: the kanji only (申し込みを → 申込, 取り消した → 取消, 設定します → 設定);
 * - starts with katakana: the katakana without the kana after it, plain (ダッシュボードの → ダツシユボド);
 * - hiragana: plain hiragana (a loanword typed in hiragana is turned into katakana by queryTerms).
 */
export function foldWord(word: string): string {
  const w = word.normalize('NFKC').toLowerCase();
  if (!JA_CHAR.test(w)) return w;
  const first = [...w][0] ?? '';
  if (HAN.test(first)) return [...w].filter((c) => HAN.test(c)).join('');
  if (/[\p{Script=Katakana}]/u.test(first)) return plainKana(w.replace(/[\p{Script=Hiragana}]+$/u, ''));
  return plainKana(w);
}

/**
 * Words a question or sentence is made of that carry no topic: particles, auxiliaries and question
 * words, in folded form. Only dropped from queries (the index keeps every word for excerpts).
 */
const STOP = new Set(
  (
    'の を に へ で と は が も や か な ね よ から まで より って という とは には では でも にも とも ので のに けど けれど ' +
    'です でした ます ました ません ましょう たい たいです たら ば れば なら ない なく なかった た だ だった て で ' +
    'する します した して しない できる できます できますか できない できません でき いる います いい よい ください くれ もらう ' +
    'どこ どう どうやって どうすれば どうしたら なに なん なぜ いつ どれ どの どんな どちら だれ こと もの ため よう ' +
    'これ それ あれ この その あの ここ そこ ある あります なる なります られる れる せる ちゃう ぐらい くらい ' +
    'くだ さい くださ どうし どうす どうや すれ しよう 何 方法 仕方 教 知 可能 場合 時 際 方 等 他 ' +
    'how do does can i to the a an and or is are what where why when which of in on for with my me we you it be'
  )
    .split(/\s+/)
    .map(foldWord),
);

export interface Token {
  /** The word as written (NFKC). */
  text: string;
  /** Folded form used for matching. */
  fold: string;
  japanese: boolean;
  /** Whitespace stood before this word in the text. */
  spaced: boolean;
  /** Folded tails of a long katakana word, for matching a word inside it. */
  parts?: string[];
}

/**
 * The words of a text, in order. Japanese runs are cut by the segmenter; other runs are split at
 * whitespace only and left whole (Pagefind itself splits `kh1._domainkey` or `two-factor` and stems
 * English), punctuation between Japanese words is kept as its own word for the excerpt.
 */
export function tokenize(text: string, opts: { glue?: boolean } = {}): Token[] {
  const out: Token[] = [];
  const source = text.normalize('NFKC');
  let spaced = true;
  for (const chunk of source.split(/(\s+)/)) {
    if (!chunk) continue;
    if (/^\s+$/.test(chunk)) {
      spaced = true;
      continue;
    }
    let last = 0;
    const push = (t: string, japanese: boolean) => {
      if (!t) return;
      const last = out[out.length - 1];
      // Index side: kana after a word (particles, okurigana, inflection) joins that word, so
      // 設定を / 設定します are one indexed word starting with 設定 and particles never become index
      // words of their own (they would fill the hiragana index chunks every query loads).
      if (opts.glue && japanese && !spaced && HIRAGANA.test(t) && last?.japanese && /[\p{L}]$/u.test(last.text)) {
        last.text += t;
        last.fold = foldWord(last.text);
        return;
      }
      out.push({ text: t, fold: japanese ? foldWord(t) : t.toLowerCase(), japanese, spaced });
      spaced = false;
    };
    for (const m of chunk.matchAll(JA_RUN)) {
      push(chunk.slice(last, m.index), false);
      // Katakana runs stay whole: the segmenter cuts unknown loanwords apart (ハコ|ニ|ワ|マーケット).
      // Where it would have cut, the rest of the run is kept as a hidden part, so ウィジェット still
      // finds チャットウィジェット and マーケット finds ハコニワマーケット.
      for (const piece of m[0].split(/([\p{Script=Katakana}ー]{2,})/u)) {
        if (!piece) continue;
        if (/^[\p{Script=Katakana}ー]+$/u.test(piece) && [...piece].length >= 2) {
          push(piece, true);
          const token = out[out.length - 1]!;
          let at = 0;
          const parts: string[] = [];
          for (const s of words(piece)) {
            if (at > 0 && [...piece.slice(at)].length >= 2 && !/^[ァィゥェォッャュョヮー]/u.test(piece.slice(at))) parts.push(foldWord(piece.slice(at)));
            at += s.segment.length;
          }
          if (parts.length) token.parts = parts;
        } else for (const s of words(piece)) push(s.segment, true);
      }
      last = m.index + m[0].length;
    }
    push(chunk.slice(last), false);
  }
  return out;
}

/** Lower-cased and stripped of the punctuation Pagefind drops from a word (its own normalisation, roughly). */
export function bareWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}_]/gu, '');
}

const LOANWORD_KANA = /^(?!.*(しょう|ちょっと)$)[\p{Script=Hiragana}ー]*[ぁぃぅぇぉゃゅょゎー][\p{Script=Hiragana}ー]*$/u;
const HIRAGANA_RUN = /[\p{Script=Hiragana}ー]{3,}/gu;

/**
 * The content words of a query, folded, in order, without repeats (what the engine searches for).
 * Dropped: stop words, single kana, and the kana right after a kanji word (the rest of an inflection:
 * 忘れ|た, 増え|すぎ|たら). A hiragana run with small kana or ー is a loanword typed without
 * converting it (すぬーず, せきゅりてぃ) and stays one word, folded like its katakana spelling.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const add = (f: string) => {
    if (f && !terms.includes(f)) terms.push(f);
  };
  const loanwords: string[] = [];
  const text = query.normalize('NFKC').replace(HIRAGANA_RUN, (run) => {
    if (!LOANWORD_KANA.test(run)) return run;
    loanwords.push(run);
    return ` \u0000${loanwords.length - 1} `;
  });
  let previous: Token | undefined;
  for (const t of tokenize(text)) {
    const mark = /^\u0000(\d+)$/.exec(t.text);
    if (mark) {
      add(foldWord(toKatakana(loanwords[Number(mark[1])]!)));
      previous = undefined;
      continue;
    }
    if (t.japanese) {
      const f = t.fold;
      const hiragana = /^[\p{Script=Hiragana}ー]+$/u.test(t.text);
      const tail = hiragana && previous?.japanese && HAN.test(previous.text);
      previous = hiragana && tail ? previous : t;
      if (!f || STOP.has(f) || tail || (hiragana && [...f].length < 2) || !/[\p{L}\p{N}]/u.test(f)) continue;
      add(f);
    } else {
      previous = t;
      const bare = bareWord(t.text);
      if (!bare || STOP.has(bare)) continue;
      add(bare);
    }
  }
  return terms;
}

/**
 * Synonym groups compiled for the index: a member's folded word sequence → the hidden words of every
 * other member of its group. Built from content/search/synonyms.yaml (src/lib/content/search-synonyms.ts).
 */
export type SynonymIndex = Map<string, { seq: string[]; words: string[] }[]>;

/** Folded word sequence of a phrase (every word, stop words included, as the index sees it). */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase, { glue: true }).map((t) => (t.japanese ? t.fold : bareWord(t.text))).filter(Boolean);
}

export function compileSynonyms(groups: string[][]): SynonymIndex {
  const index: SynonymIndex = new Map();
  for (const group of groups) {
    const members = group.map(phraseWords).filter((w) => w.length);
    for (const [i, m] of members.entries()) {
      const others = [...new Set(members.filter((_, j) => j !== i).flat())].filter((w) => !m.includes(w));
      const list = index.get(m[0]!) ?? [];
      list.push({ seq: m, words: others });
      index.set(m[0]!, list);
    }
  }
  return index;
}

/**
 * Text as Pagefind indexes it: Japanese words separated by spaces, each followed by its hidden folded
 * form when that differs, and by the hidden words of its synonyms. Shown back through search-excerpt.ts.
 */
export function toIndexText(text: string, synonyms?: SynonymIndex): string {
  const tokens = tokenize(text, { glue: true });
  const folds = tokens.map((t) => (t.japanese ? t.fold : bareWord(t.text)));
  const out: string[] = [];
  let lastShown = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Punctuation sticks to the word before it: a word of punctuation alone would be dropped by
    // Pagefind and shift the word positions the excerpt is cut by.
    if (!/[\p{L}\p{N}]/u.test(t.text)) {
      if (lastShown >= 0) out[lastShown] += t.text;
      else out.push(`${t.text}_`);
      continue;
    }
    lastShown = out.length;
    out.push(t.text);
    // The folded form is only needed where a query for it would not already match the written word
    // (Pagefind matches a query word as the start of an indexed word: 設定 finds 設定を).
    if (t.japanese && t.fold && !bareWord(t.text).startsWith(t.fold) && /[\p{L}\p{N}]/u.test(t.fold)) out.push(HIDDEN + t.fold);
    for (const p of t.parts ?? []) out.push(HIDDEN + p);
    // A synonym is found where its whole word sequence starts; its hidden words follow the first word.
    for (const s of synonyms?.get(folds[i]!) ?? []) {
      if (s.seq.some((w, k) => folds[i + k] !== w)) continue;
      for (const w of s.words) out.push(HIDDEN + w);
    }
  }
  return out.join(' ');
}

/** A space between two words only where the writer would put one (never inside Japanese text). */
export function joinsWithSpace(before: string, after: string): boolean {
  const a = [...before].pop() ?? '';
  const b = [...after][0] ?? '';
  return !JA_CHAR.test(a) && !JA_CHAR.test(b) && !/[\u3000-\u303f\uff00-\uffef]/u.test(a + b);
}
