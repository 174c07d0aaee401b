// The demo content is what a newcomer sees after `npm start`: it must satisfy issue 2's content promises
// (volume, pyramid coverage, translations, playable media) and keep the restricted items distinguishable.
import { openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateContent, type CheckedItem } from '../../src/lib/content/validate.ts';

const root = resolve(import.meta.dirname, '../..');
const mediaDir = join(root, 'content/media');
const { issues, items } = validateContent(root);
const live = items.filter((i) => !i.data.draft);
const data = (i: CheckedItem) => i.data as Record<string, unknown>;

/** Duration in seconds from the MP4 `mvhd` box (version 0 or 1), enough to check frontmatter against the file. */
function mp4DurationSeconds(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(statSync(path).size, 1 << 20));
    readSync(fd, head, 0, head.length, 0);
    const at = head.indexOf('mvhd');
    if (at < 0) throw new Error(`${path}: no mvhd box in the first MiB (encode with -movflags +faststart)`);
    const version = head[at + 4];
    if (version === 1) return Number(head.readBigUInt64BE(at + 4 + 4 + 16 + 4)) / head.readUInt32BE(at + 4 + 4 + 16);
    return head.readUInt32BE(at + 4 + 4 + 8 + 4) / head.readUInt32BE(at + 4 + 4 + 8);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const p = join(dir, name);
    return sum + (statSync(p).isDirectory() ? sizeOf(p) : statSync(p).size);
  }, 0);
}

const toSeconds = (at: string) => at.split(':').reduce((s, part) => s * 60 + Number(part), 0);

describe('demo content', () => {
  it('passes the content check without errors', () => {
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('has at least 24 published items covering every type and every pyramid level', () => {
    const keys = new Set(live.map((i) => i.data.key));
    expect(keys.size).toBeGreaterThanOrEqual(24);
    expect(new Set(live.map((i) => i.type))).toEqual(
      new Set(['manual', 'article', 'webinar', 'case-study', 'announcement', 'roadmap']),
    );
    expect(new Set(live.map((i) => data(i).level))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('offers every Japanese onboarding step in English under the same key and order', () => {
    const steps = (locale: string) =>
      live
        .filter((i) => i.type === 'manual' && data(i).series === 'onboarding' && i.data.locale === locale)
        .map((i) => `${data(i).order}:${i.data.key}`)
        .sort();
    expect(steps('ja').length).toBeGreaterThanOrEqual(6);
    expect(steps('en')).toEqual(steps('ja'));
  });

  it('ships webinars whose real video length and chapters match the frontmatter', () => {
    const webinars = live.filter((i) => i.type === 'webinar');
    expect(webinars.length).toBeGreaterThanOrEqual(3);
    for (const w of webinars) {
      const video = data(w).video as { src: string; poster?: string; chapters: { at: string }[] };
      const seconds = mp4DurationSeconds(join(mediaDir, video.src));
      expect(seconds, w.file).toBeGreaterThanOrEqual(60);
      expect(Math.abs(seconds - (data(w).durationMinutes as number) * 60), w.file).toBeLessThan(1);
      expect(video.poster, w.file).toBeTruthy();
      for (const c of video.chapters) expect(toSeconds(c.at), `${w.file} ${c.at}`).toBeLessThan(seconds);
    }
  });

  it('keeps all media files together under 2 MB', () => {
    expect(sizeOf(mediaDir)).toBeLessThan(2 * 1024 * 1024);
  });

  it('has public, segment-restricted and plan-restricted items, each restricted one with a phrase found nowhere else', () => {
    const audiences = live.map((i) => i.data.audience as unknown);
    expect(audiences).toContain('public');
    const bySegment = live.find((i) => (data(i).audience as { segments?: string[] }).segments?.includes('high'));
    const byPlan = live.find((i) => (data(i).audience as { plans?: string[] }).plans?.includes('enterprise'));
    expect(bySegment?.data.key).toBe('article-qbr-preparation');
    expect(byPlan?.data.key).toBe('article-salesforce-sync');
    const allText = items.map((i) => ({ key: i.data.key, text: readFileSync(join(root, i.file), 'utf8') }));
    for (const [key, phrase] of [
      ['article-qbr-preparation', 'Outcome Canvas'],
      ['article-qbr-preparation', '成果棚卸しキャンバス'],
      ['article-salesforce-sync', 'Sync Journal'],
      ['article-salesforce-sync', '双方向同期ジャーナル'],
    ]) {
      expect(allText.filter((t) => t.text.includes(phrase!)).map((t) => t.key)).toEqual([key]);
    }
  });

  it('keeps at least one draft out of the published set', () => {
    expect(items.some((i) => i.data.draft)).toBe(true);
  });
});
