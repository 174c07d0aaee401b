// Customer admins see their account's own self-run figures; the vendor's internal view (segment label,
// stage, health score with its formula and peer medians, internal alerts) is for staff only.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';
import { ROOT } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const db = openDatabase(inject('databasePath'));
afterAll(() => db.$client.close());

const dashboard = (locale: 'ja' | 'en') =>
  JSON.parse(readFileSync(join(ROOT, 'src/i18n', locale, 'dashboard.json'), 'utf8')) as Record<string, string>;

function cookieFor(email: string, locale: 'ja' | 'en'): string {
  const user = db.$client.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string };
  const token = generateSessionToken();
  createSession(user.id, token, db);
  return `jisou_session=${token}; jisou_locale=${locale}`;
}
const page = async (path: string, cookie: string) => {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  expect(res.status, path).toBe(200);
  return res.text();
};

/** Text of the internal view as each locale writes it: none of it may reach a customer admin. */
function internalMarkers(locale: 'ja' | 'en') {
  const m = dashboard(locale);
  return {
    segment: [m['dashboard.segment.high']!, m['dashboard.segment.low']!, m['dashboard.segment.tech']!],
    health: [m['dashboard.col.health']!, m['dashboard.health.title']!, m['dashboard.health.formula']!.slice(0, 12)],
    peerMedian: m['dashboard.health.viewing.def']!.split('{median}')[0]!,
    alerts: m['dashboard.col.alerts']!,
  };
}

describe('customer admins see their team, not the vendor\'s internal view', () => {
  for (const locale of ['ja', 'en'] as const) {
    it(`/team and /team/progress never show segment, health score, peer medians or alerts (${locale})`, async () => {
      const admin = cookieFor('admin@acme.example', locale);
      const markers = internalMarkers(locale);
      for (const path of ['/team', '/team/progress', '/team/progress?period=90']) {
        const html = await page(path, admin);
        for (const label of markers.segment) expect(html, `${path}: segment label`).not.toContain(label);
        for (const text of markers.health) expect(html, `${path}: health score`).not.toContain(text);
        expect(html, `${path}: peer median`).not.toContain(markers.peerMedian);
        expect(html, `${path}: alerts`).not.toContain(markers.alerts);
        expect(html).not.toContain('id="health"');
      }
      // Their own self-run figures are there: viewing time, awareness, pyramid and people.
      const progress = await page('/team/progress', admin);
      const m = dashboard(locale);
      for (const key of ['dashboard.kpi.viewing', 'dashboard.kpi.awareness', 'dashboard.col.pyramid']) expect(progress).toContain(m[key]!);
      expect(progress).toContain('user@acme.example');
      for (const csv of ['account-users', 'viewing-levels', 'awareness-items', 'account-timeline']) {
        const body = await page(`/team/progress/${csv}.csv`, admin);
        for (const label of markers.segment) expect(body, csv).not.toContain(label);
        expect(body, csv).not.toContain(markers.health[0]);
      }
    });

    it(`a staff member sees the internal view and, on request, the customer's view (${locale})`, async () => {
      const manager = cookieFor('manager@jisou.test', locale);
      const markers = internalMarkers(locale);
      const staff = await page('/manage/kpi/accounts/acct-acme', manager);
      expect(staff).toContain('id="health"');
      expect(staff).toContain(markers.health[0]);
      expect(staff).toContain(markers.peerMedian);
      expect(markers.segment.some((label) => staff.includes(label))).toBe(true);
      const asTeam = await page('/manage/kpi/accounts/acct-acme?view=team', manager);
      expect(asTeam).not.toContain('id="health"');
      expect(asTeam).not.toContain(markers.peerMedian);
      for (const label of markers.segment) expect(asTeam).not.toContain(label);
      expect(asTeam).toContain('user@acme.example');
    });
  }
});
