import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { loadContentIndex } from '../../src/lib/server/tracking/content-index.ts';
import { CORE_TYPES } from '../../src/lib/server/tracking/pyramid.ts';
import { ROOT } from '../support/server.ts';
import { createPerson } from '../support/tracking.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');

async function markerLevel(cookie: string): Promise<string | null> {
  const html = await (await fetch(`${baseUrl}/`, { headers: { cookie, 'accept-language': 'ja' } })).text();
  if (!html.includes('data-pyramid-position')) return null;
  // The marker sits inside the level's block; find the nearest level number before it.
  const before = html.slice(0, html.indexOf('data-pyramid-position'));
  const levels = [...before.matchAll(/data-level="(\d)"/g)];
  return levels.at(-1)?.[1] ?? '?';
}

describe('the home pyramid shows where the signed-in person stands', () => {
  it('shows no marker for someone who has not covered level 1 yet', async () => {
    const fresh = createPerson(databasePath, { segment: 'low', plan: 'business' });
    expect(await markerLevel(fresh.cookie)).toBeNull();
  });

  it('marks level 1 once every core item of level 1 is completed', async () => {
    const person = createPerson(databasePath, { segment: 'low', plan: 'business' });
    const levelOne = [...loadContentIndex(ROOT).entries()]
      .filter(([, i]) => i.level === 1 && CORE_TYPES.includes(i.type) && (i.audience === 'public' || i.audience === 'customers'))
      .map(([key]) => key);
    expect(levelOne.length).toBeGreaterThan(0);
    const db = openDatabase(databasePath);
    const now = Date.now();
    const insert = db.$client.prepare(
      `INSERT INTO tracking_progress (user_id, content_key, account_id, completed_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const key of levelOne) insert.run(person.userId, key, person.accountId, now, now);
    db.$client.close();
    expect(await markerLevel(person.cookie)).toBe('1');
  });
});
