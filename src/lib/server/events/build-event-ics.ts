// RFC 5545 calendar file for one event: CRLF line ends, TEXT values escaped, lines folded at 75 octets.
import type { EventData } from '../../../schemas/announcement.ts';

/** Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. */
export function escapeIcsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** UTC date-time form, e.g. 20261210T070000Z. */
export function icsDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Fold a content line so no line exceeds 75 octets, never splitting a UTF-8 character (§3.1). */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

export interface IcsInput {
  key: string;
  title: string;
  description: string;
  url: string;
  host: string;
  event: EventData;
  /** DTSTAMP: when the file was made. */
  now: Date;
  /** Registered people see the online link; others only the page. */
  withOnlineUrl: boolean;
}

export function buildEventIcs(i: IcsInput): string {
  const location = [i.event.place, i.withOnlineUrl ? i.event.onlineUrl : undefined].filter(Boolean).join(' / ');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Jisou//Community events//JA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${i.key}@${i.host}`,
    `DTSTAMP:${icsDate(i.now)}`,
    `DTSTART:${icsDate(i.event.startsAt)}`,
    `DTEND:${icsDate(i.event.endsAt)}`,
    `SUMMARY:${escapeIcsText(i.title)}`,
    `DESCRIPTION:${escapeIcsText(`${i.description}\n${i.url}`)}`,
    ...(location ? [`LOCATION:${escapeIcsText(location)}`] : []),
    `URL:${i.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
