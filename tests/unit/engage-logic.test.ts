import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { loadPlays } from '../../src/lib/content/plays.ts';
import { isQuietTime, localClock } from '../../src/lib/server/engage/local-clock.ts';
import { readToken, signToken } from '../../src/lib/server/engage/signed-token.ts';
import { renderMail } from '../../src/lib/server/mail/templates.ts';
import { ROOT } from '../support/server.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'jisou-engage-unit-'));
  dirs.push(d);
  return d;
};

function playsIn(files: Record<string, string>) {
  const root = tmp();
  mkdirSync(join(root, 'content/plays'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'content/plays', name), text);
  return loadPlays(root, { items: new Set(['getting-started']), surveys: new Set(['onboarding-day30']) });
}
const VALID = `key: p-one
title: { ja: テスト, en: Test }
trigger: { kind: dormant, days: 30 }
recipients: [people]
mail:
  subject: { ja: 件名, en: Subject }
  intro: { ja: 本文, en: Body }
`;

describe('plays in content/plays/*.yaml', () => {
  it('ships the demo plays, all valid', () => {
    const { plays, issues } = loadPlays(ROOT);
    expect(issues).toEqual([]);
    expect(plays.map((p) => p.trigger.kind).sort()).toEqual(['dormant', 'next-level-content', 'onboarding-low-viewing', 'survey-due']);
  });

  it('fills the defaults: enabled, 14-day cooldown, quiet hours 20:00–08:00', () => {
    const { plays, issues } = playsIn({ 'a.yaml': VALID });
    expect(issues).toEqual([]);
    expect(plays[0]).toMatchObject({ enabled: true, cooldownDays: 14, quietHours: { start: '20:00', end: '08:00' } });
  });

  it('names file, line, field and the fix for each mistake, and leaves the play out', () => {
    const { plays, issues } = playsIn({
      'bad-kind.yaml': VALID.replace('p-one', 'p-two').replace('kind: dormant, days: 30', 'kind: sleepy'),
      'roadmap.yaml': VALID.replace('p-one', 'p-three').replace('kind: dormant, days: 30', 'kind: roadmap-overdue, days: -1'),
      'quiet.yaml': `${VALID.replace('p-one', 'p-four')}quietHours: { start: "8pm", end: "08:00" }\n`,
      'survey.yaml': VALID.replace('p-one', 'p-five').replace('kind: dormant, days: 30', 'kind: survey-due, survey: nope'),
      'item.yaml': `${VALID.replace('p-one', 'p-six')}recommend: { keys: [missing-item] }\n`,
      'dupe.yaml': VALID,
      'z-dupe.yaml': VALID,
    });
    expect(plays.map((p) => p.key)).toEqual(['p-one']);
    const by = (file: string) => issues.find((i) => i.file === `content/plays/${file}`)!;
    expect(by('bad-kind.yaml')).toMatchObject({ line: 3, field: 'trigger.kind', message: expect.stringContaining('onboarding-low-viewing, dormant, next-level-content, survey-due or roadmap-overdue') });
    expect(by('roadmap.yaml')).toMatchObject({ field: 'trigger.days' });
    expect(by('quiet.yaml')).toMatchObject({ line: 8, field: 'quietHours.start', message: expect.stringContaining('HH:MM') });
    expect(by('survey.yaml')).toMatchObject({ field: 'trigger.survey', message: 'no survey has the key "nope"' });
    expect(by('item.yaml')).toMatchObject({ field: 'recommend.keys', message: expect.stringContaining('"missing-item"') });
    expect(by('z-dupe.yaml')).toMatchObject({ field: 'key', message: expect.stringContaining('content/plays/dupe.yaml') });
    for (const i of issues) expect(i.hint.length).toBeGreaterThan(10);
  });
});

describe('mail links', () => {
  const db = openDatabase(join(tmp(), 't.sqlite'), ROOT);
  afterAll(() => db.$client.close());

  it('reads back what it signed, for that purpose only, and refuses altered, expired or foreign tokens', () => {
    const unsub = signToken(db, { p: 'unsubscribe', u: 'user-1', c: 'nudges' });
    expect(readToken(db, unsub, 'unsubscribe')).toEqual({ p: 'unsubscribe', u: 'user-1', c: 'nudges' });
    expect(readToken(db, unsub, 'click')).toBeNull();
    const [body, sig] = unsub.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'unsubscribe', u: 'user-2', c: 'nudges' })).toString('base64url');
    expect(readToken(db, `${forged}.${sig}`, 'unsubscribe')).toBeNull();
    // The first character carries six whole bits of the signature (the last one may carry padding bits
    // only, so changing it can leave the bytes as they were): a different first character always alters it.
    expect(readToken(db, `${body}.${sig![0] === 'A' ? 'B' : 'A'}${sig!.slice(1)}`, 'unsubscribe')).toBeNull();
    const click = signToken(db, { p: 'click', u: 'user-1', a: 'acct', k: 'item', sk: 'play', sv: 'p', e: 1_000 });
    expect(readToken(db, click, 'click', 999)).not.toBeNull();
    expect(readToken(db, click, 'click', 1_000)).toBeNull();
    // Another database has its own key: its tokens mean nothing here.
    const other = openDatabase(join(tmp(), 'o.sqlite'), ROOT);
    expect(readToken(other, unsub, 'unsubscribe')).toBeNull();
    other.$client.close();
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(700), '%%%.###']) expect(readToken(db, junk, 'unsubscribe')).toBeNull();
  });
});

describe('engage mail', () => {
  const links = { unsubscribe: 'https://learn.example.com/unsubscribe/tok', preferences: 'https://learn.example.com/profile#mail' };
  it('has text and HTML, one-click unsubscribe headers, the reason and the preferences link, in the reader’s language', () => {
    const payload = { title: '新機能 <b>のお知らせ</b>', summary: 'A & B', items: [{ title: 'Item "1"', href: 'https://learn.example.com/r/abc' }], ...links };
    const ja = renderMail('announcement', 'ja', payload, 'https://learn.example.com');
    const en = renderMail('announcement', 'en', payload, 'https://learn.example.com');
    expect(ja.subject).toBe('Jisou: 新機能 <b>のお知らせ</b>');
    expect(ja.headers).toEqual({ 'List-Unsubscribe': '<https://learn.example.com/unsubscribe/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(ja.customer).toBe(true);
    expect(ja.text).toContain('■ Item "1"\n  https://learn.example.com/r/abc');
    expect(ja.text).toContain('配信停止: https://learn.example.com/unsubscribe/tok');
    expect(en.text).toContain('Mail preferences: https://learn.example.com/profile#mail');
    expect(ja.html).toContain('新機能 &#60;b&#62;のお知らせ&#60;/b&#62;');
    expect(ja.html).toContain('A &#38; B');
    expect(ja.html).not.toContain('<b>');
    expect(ja.html).not.toMatch(/<img/i);
  });

  it('keeps staff mail (alerts) apart: no unsubscribe header, a link to the preferences', () => {
    const m = renderMail('alerts', 'en', { alerts: [{ account: 'Acme', reason: 'No viewing time for 30 days', href: 'https://learn.example.com/manage/kpi/accounts/a' }], preferences: links.preferences }, 'https://learn.example.com');
    expect(m.subject).toBe('Jisou alert: Acme');
    expect(m.headers).toEqual({});
    expect(m.customer).toBe(false);
    expect(m.text).toContain('as the CSM of these accounts');
  });

  it('refuses a payload that does not fit its template', () => {
    expect(() => renderMail('play', 'ja', { subject: 'x', items: [], ...links }, 'https://learn.example.com')).toThrow();
    expect(() => renderMail('announcement', 'ja', { title: 't', summary: '', items: [{ title: 'x', href: 'javascript:alert(1)' }], ...links }, 'https://x')).toThrow();
  });
});

describe('the reporting clock', () => {
  it('puts quiet hours across midnight in the reporting time zone', () => {
    const tokyo = (iso: string) => Date.parse(`${iso}+09:00`);
    const q = { start: '20:00', end: '08:00' };
    expect(isQuietTime(tokyo('2026-12-01T19:59:00'), 'Asia/Tokyo', q)).toBe(false);
    expect(isQuietTime(tokyo('2026-12-01T20:00:00'), 'Asia/Tokyo', q)).toBe(true);
    expect(isQuietTime(tokyo('2026-12-02T07:59:00'), 'Asia/Tokyo', q)).toBe(true);
    expect(isQuietTime(tokyo('2026-12-02T08:00:00'), 'Asia/Tokyo', q)).toBe(false);
    // 21:00 in Tokyo is 12:00 in London: quiet there only by Tokyo's clock.
    expect(isQuietTime(tokyo('2026-12-01T21:00:00'), 'Europe/London', q)).toBe(false);
    expect(isQuietTime(tokyo('2026-12-01T13:00:00'), 'Asia/Tokyo', { start: '12:00', end: '14:00' })).toBe(true);
    expect(localClock(tokyo('2026-12-07T09:30:00'), 'Asia/Tokyo')).toEqual({ day: '2026-12-07', weekday: 1, minutes: 570 });
  });
});
