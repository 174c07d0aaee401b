import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { CsvParseError, detectCsvEncoding, parseCsv } from '../../src/lib/server/accounts/csv.ts';

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM, with start lines', () => {
    const text = '\uFEFFemail,name\r\n"a@x.example","山田, ""太郎"""\r\n\r\nb@x.example,"two\nlines"\nc@x.example,三\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 2, fields: ['a@x.example', '山田, "太郎"'] },
      { line: 4, fields: ['b@x.example', 'two\nlines'] },
      { line: 6, fields: ['c@x.example', '三'] },
    ]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('email,name\na@x.example,"open\n')).toThrow(/line 2: a quoted field is not closed/);
  });
});

describe('CSV bytes in the encodings Japanese users have', () => {
  const csv = 'email,name\r\nhanako@acme.example,山田 花子\r\ntaro@acme.example,"髙橋 ①太郎"\r\n';
  const expected = [
    { line: 1, fields: ['email', 'name'] },
    { line: 2, fields: ['hanako@acme.example', '山田 花子'] },
    { line: 3, fields: ['taro@acme.example', '髙橋 ①太郎'] },
  ];

  it('reads Shift_JIS/CP932 (Excel\'s default in Japan), including CP932-only characters', () => {
    const bytes = iconv.encode(csv, 'cp932');
    expect(detectCsvEncoding(bytes)).toBe('cp932');
    expect(parseCsv(bytes)).toEqual(expected);
  });

  it('reads UTF-8 with and without a BOM', () => {
    expect(parseCsv(new TextEncoder().encode(csv))).toEqual(expected);
    expect(parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]))).toEqual(expected);
  });

  it('reads UTF-16 LE and BE, with a BOM or without, tab-separated like Excel\'s "Unicode text"', () => {
    const tabbed = csv.replace(/,/g, '\t').replace('"髙橋 ①太郎"', '髙橋 ①太郎');
    const le = iconv.encode(tabbed, 'utf-16le', { addBOM: true });
    expect(detectCsvEncoding(le)).toBe('utf-16le');
    expect(parseCsv(le)).toEqual(expected);
    expect(parseCsv(iconv.encode(csv, 'utf-16be', { addBOM: true }))).toEqual(expected);
    expect(parseCsv(iconv.encode(csv, 'utf-16le'))).toEqual(expected);
  });

  it('refuses bytes that do not decode, naming the line, instead of storing U+FFFD', () => {
    const good = new TextEncoder().encode('email,name\nhanako@acme.example,山田 花子\n');
    const bad = new Uint8Array([...good, ...new TextEncoder().encode('taro@acme.example,'), 0xe5, 0x28, 0x0a]);
    expect(() => parseCsv(bad)).toThrow(CsvParseError);
    try {
      parseCsv(bad);
    } catch (error) {
      expect((error as CsvParseError).line).toBe(3);
      expect((error as CsvParseError).code).toBe('csv_undecodable');
    }
    // A Shift_JIS file cut in the middle of a two-byte character.
    const sjis = iconv.encode('email,name\n花子@acme.example,山田\n', 'cp932');
    expect(() => parseCsv(new Uint8Array([...sjis, 0x82]))).toThrow(/line 3/);
  });
});
