// Turns Pagefind's excerpt (text with <mark> around matched words) into plain segments the page can
// render as text nodes. In bigram mode the indexed text is two-character pieces (設定 定変 変更), so
// the pieces are stitched back into the original words (設定変更) and a matched piece marks both of
// its characters.

export interface ExcerptSegment {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e: string) => ENTITIES[e]!);
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+$/u;
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ\u3000-\u303f\uff00-\uffef]/u;

interface Token {
  text: string;
  mark: boolean;
  /** Whitespace stood before this piece in the indexed text. */
  spaced: boolean;
}

const PIECES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+/gu;

/** Words of the excerpt with their highlight state; tags other than <mark> are dropped as text. */
function tokens(excerpt: string): Token[] {
  const out: Token[] = [];
  let mark = false;
  let spaced = true;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else {
      // Pagefind joins blocks with ". " and keeps punctuation on words: split Japanese runs from the rest.
      const text = decode(part.replace(/<[^>]*>/g, ''));
      for (const word of text.split(/(\s+)/)) {
        if (!word) continue;
        if (/^\s+$/.test(word)) {
          spaced = true;
          continue;
        }
        for (const piece of word.match(PIECES) ?? []) {
          out.push({ text: piece, mark, spaced });
          spaced = false;
        }
      }
    }
  }
  return out;
}

function merge(segments: ExcerptSegment[], text: string, mark: boolean): void {
  const last = segments[segments.length - 1];
  if (last && last.mark === mark) last.text += text;
  else segments.push({ text, mark });
}

/** Pagefind's own excerpt, as segments (native mode: words already whole). */
function plainSegments(excerpt: string): ExcerptSegment[] {
  const segments: ExcerptSegment[] = [];
  let mark = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else if (part) merge(segments, decode(part.replace(/<[^>]*>/g, '')), mark);
  }
  return segments;
}

/** Bigram mode: stitch overlapping two-character pieces back into words. */
function bigramSegments(excerpt: string): ExcerptSegment[] {
  const chars: { c: string; mark: boolean }[] = [];
  let previous: Token | undefined;
  for (const token of tokens(excerpt)) {
    const glyphs = [...token.text];
    const chained = previous && CJK.test(previous.text) && CJK.test(token.text) && glyphs.length === 2 && [...previous.text].pop() === glyphs[0];
    if (chained) {
      if (token.mark) chars[chars.length - 1]!.mark = true;
      chars.push({ c: glyphs[1]!, mark: token.mark });
    } else {
      // A space only between two non-Japanese words (Japanese text has none to restore).
      const before = chars[chars.length - 1];
      if (before && token.spaced && !WIDE.test(before.c) && !WIDE.test(glyphs[0]!)) chars.push({ c: ' ', mark: false });
      for (const c of glyphs) chars.push({ c, mark: token.mark });
    }
    previous = token;
  }
  const segments: ExcerptSegment[] = [];
  for (const { c, mark } of chars) merge(segments, c, mark);
  return segments;
}

export function excerptSegments(excerpt: string, mode: 'native' | 'bigram'): ExcerptSegment[] {
  return mode === 'bigram' ? bigramSegments(excerpt) : plainSegments(excerpt);
}

const HIDDEN_MARK = '⁂';
const ANALYSED_LENGTH = 30;

/**
 * Analysed mode (search-analyze.ts): the indexed text is words separated by spaces, with hidden
 * folded/synonym words after some of them. The excerpt is cut here from the fragment's text around
 * the densest run of matched words; hidden words are left out (a matched hidden word highlights the
 * word it follows) and the spaces between Japanese words are removed again.
 */
export function analysedExcerpt(content: string, locations: number[], length = ANALYSED_LENGTH): ExcerptSegment[] {
  const words = content.split(/\s+/);
  const marked = new Set(locations);
  let start = 0;
  let best = -1;
  for (const l of locations) {
    const count = locations.filter((x) => x >= l && x < l + length).length;
    if (count > best) {
      best = count;
      start = l;
    }
  }
  // A little context before the first match, never starting on a hidden word.
  start = Math.max(0, start - 6);
  while (start > 0 && words[start]!.startsWith(HIDDEN_MARK)) start--;
  const end = Math.min(words.length, start + length);
  const segments: ExcerptSegment[] = [];
  if (start > 0) merge(segments, '… ', false);
  let previous = '';
  for (let i = start; i < end; i++) {
    const word = words[i]!;
    if (!word) continue;
    if (word.startsWith(HIDDEN_MARK)) {
      const last = segments[segments.length - 1];
      if (marked.has(i) && last && !last.mark) {
        // Highlight the word this hidden one belongs to (the tail of the last plain segment).
        last.text = last.text.slice(0, last.text.length - previous.length);
        if (!last.text) segments.pop();
        merge(segments, previous, true);
      }
      continue;
    }
    const spaced = previous && !/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ\u3000-\u303f\uff00-\uffef]/u.test(word) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ\u3000-\u303f\uff00-\uffef]$/u.test(previous);
    if (spaced) merge(segments, ' ', false);
    merge(segments, word, marked.has(i));
    previous = word;
  }
  if (end < words.length) merge(segments, ' …', false);
  return segments;
}
