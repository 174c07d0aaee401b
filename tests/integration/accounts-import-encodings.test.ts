// CSV upload on /manage/accounts/import in the encodings Excel writes in Japan, over real HTTP into the
// real database: the names stored are the names in the file, and bytes that do not decode are refused.
import iconv from 'iconv-lite';
import { describe, expect, inject, it } from 'vitest';
import { COOKIE, messages, query, signIn } from '../support/auth.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');

async function upload(cookie: string, bytes: Uint8Array, locale: 'ja' | 'en' = 'ja'): Promise<{ status: number; html: string }> {
  const form = new FormData();
  form.set('csv', '');
  form.set('file', new File([new Uint8Array(bytes)], 'people.csv', { type: 'text/csv' }));
  const res = await fetch(`${baseUrl}/manage/accounts/import`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, cookie: `${COOKIE}=${cookie}; jisou_locale=${locale}` },
    body: form,
  });
  return { status: res.status, html: await res.text() };
}
const nameOf = (email: string) => query<{ name: string }>(databasePath, 'SELECT name FROM users WHERE email = ?', email)[0]?.name;

describe('CSV import in Japanese encodings', () => {
  it('stores the right names from a Shift_JIS (CP932) file and from a UTF-16 file', async () => {
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const sjis = iconv.encode('email,name,role,account\r\nsjis.web@globex.example,髙橋 ①美咲,customer,globex\r\n', 'cp932');
    const a = await upload(admin, sjis);
    expect(a.status).toBe(200);
    expect(nameOf('sjis.web@globex.example')).toBe('髙橋 ①美咲');
    const utf16 = iconv.encode('email\tname\trole\taccount\r\nutf16.web@globex.example\t渡邊 𠮷子\tcustomer\tglobex\r\n', 'utf-16le', { addBOM: true });
    const b = await upload(admin, utf16, 'en');
    expect(b.status).toBe(200);
    expect(nameOf('utf16.web@globex.example')).toBe('渡邊 𠮷子');
  });

  for (const locale of ['ja', 'en'] as const) {
    it(`refuses undecodable bytes with a 400 naming the line, in the viewer's language, storing nothing (${locale})`, async () => {
      const admin = await signIn(baseUrl, 'admin@jisou.test');
      const email = `broken.${locale}@globex.example`;
      const bytes = Buffer.concat([Buffer.from(`email,name,role,account\nok.${locale}@globex.example,山田,customer,globex\n${email},`), Buffer.from([0xe5, 0x28]), Buffer.from(',customer,globex\n')]);
      const r = await upload(admin, bytes, locale);
      expect(r.status).toBe(400);
      const m = messages(locale);
      expect(r.html).toContain(m['manage.import.line']!.replace('{line}', '3'));
      expect(r.html).toContain(m['auth.error.csv_undecodable']!.replace(/"/g, '&quot;').slice(0, 30));
      expect(nameOf(email)).toBeUndefined();
      expect(nameOf(`ok.${locale}@globex.example`)).toBeUndefined();
      expect(query(databasePath, 'SELECT id FROM users WHERE name LIKE ?', '%\uFFFD%')).toHaveLength(0);
    });
  }
});
