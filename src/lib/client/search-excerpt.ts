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
