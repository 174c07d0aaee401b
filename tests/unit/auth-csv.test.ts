import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/server/accounts/csv.ts';

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
