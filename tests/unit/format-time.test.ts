import { describe, expect, it } from 'vitest';
import { formatMoment } from '../../src/lib/server/format-time.ts';

describe('formatMoment', () => {
  it('shows moments in the reporting time zone (default Asia/Tokyo), so a late-evening UTC sign-in reads as the next day', () => {
    const utc = Date.UTC(2026, 0, 1, 15, 30); // 2026-01-02 00:30 in Tokyo
    expect(formatMoment(utc, 'en')).toBe('2 Jan 2026, 00:30');
    expect(formatMoment(utc, 'ja', { dateStyle: 'medium' })).toBe('2026/01/02');
  });
});
