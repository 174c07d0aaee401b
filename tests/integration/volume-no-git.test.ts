import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COOKIE, get, signIn } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// A portal deployed from an export rather than a git checkout has no change history: the volume page's
// git trend says so in the viewer's language instead of drawing an empty chart (issue 13, item 5).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ GIT_DIR: '/nonexistent-git-dir', GIT_CEILING_DIRECTORIES: '/' });
}, 120_000);
afterAll(() => server?.stop());

describe('volume page without git history', () => {
  it('says why the git trend is empty, in Japanese and in English', async () => {
    const token = await signIn(server.baseUrl, 'manager@jisou.test');
    for (const [locale, text] of [['ja', 'このチェックアウトには git の履歴がありません'], ['en', 'No git history in this checkout']] as const) {
      const res = await get(server.baseUrl, '/manage/kpi/volume', undefined, { cookie: `${COOKIE}=${token}; jisou_locale=${locale}` });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(text);
    }
  });
});
