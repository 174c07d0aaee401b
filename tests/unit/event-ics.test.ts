// The .ics file is RFC 5545: CRLF, escaped TEXT, folded at 75 octets without splitting a character, UTC times.
import { describe, expect, it } from 'vitest';
import { buildEventIcs, escapeIcsText, foldIcsLine } from '../../src/lib/server/events/build-event-ics.ts';

const event = { startsAt: new Date('2026-12-10T16:00:00+09:00'), endsAt: new Date('2026-12-10T17:30:00+09:00'), onlineUrl: 'https://meet.example.com/x', place: '東京, 丸の内; 12階' };
const ics = (withOnlineUrl: boolean) => buildEventIcs({
  key: 'announce-meetup', title: 'かけはし会 第4回ミートアップ(オンライン)— 自動化ルールの設計と棚卸し、参加者同士の対話セッションつき', description: '説明\n2行目',
  url: 'https://learn.example.com/announcements/announce-meetup', host: 'learn.example.com', event, now: new Date('2026-12-01T00:00:00Z'), withOnlineUrl,
});

describe('event calendar file', () => {
  it('is a VCALENDAR with one VEVENT in UTC, CRLF line ends and no line over 75 octets', () => {
    const text = ics(true);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART:20261210T070000Z\r\n');
    expect(unfolded).toContain('DTEND:20261210T083000Z\r\n');
    expect(unfolded).toContain('DTSTAMP:20261201T000000Z\r\n');
    expect(unfolded).toContain('UID:announce-meetup@learn.example.com\r\n');
    expect(unfolded).toContain('SUMMARY:かけはし会 第4回ミートアップ(オンライン)— 自動化ルールの設計と棚卸し、参加者同士の対話セッションつき\r\n');
    expect(unfolded).toContain('DESCRIPTION:説明\\n2行目\\nhttps://learn.example.com/announcements/announce-meetup\r\n');
    expect(unfolded).toContain('LOCATION:東京\\, 丸の内\\; 12階 / https://meet.example.com/x\r\n');
  });

  it('leaves the online link out for people who have not registered', () => {
    expect(ics(false).replace(/\r\n /g, '')).toContain('LOCATION:東京\\, 丸の内\\; 12階\r\n');
  });

  it('escapes backslashes first and folds multi-byte text on character boundaries', () => {
    expect(escapeIcsText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    const folded = foldIcsLine(`SUMMARY:${'あ'.repeat(40)}`);
    const parts = folded.split('\r\n ');
    expect(parts.length).toBe(2);
    expect(parts.join('')).toBe(`SUMMARY:${'あ'.repeat(40)}`);
    expect(Buffer.byteLength(parts[0]!, 'utf8')).toBeLessThanOrEqual(75);
  });
});
