// The parsing layer of CSV imports: bytes in the encodings Japanese users have (Excel saves Shift_JIS/CP932
// by default, "Unicode text" is UTF-16 with tabs, newer Excel writes UTF-8 with a BOM), decoded by
// iconv-lite and parsed by csv-parse. Anything that does not decode cleanly is refused with its line,
// never stored as U+FFFD.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** One parsed CSV record with the (1-based) line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'cp932';

/** Why a file could not be read, with the line to look at (codes are `auth.error.<code>` messages). */
export class CsvParseError extends Error {
  readonly line: number;
  readonly code: 'csv_unclosed_quote' | 'csv_bad_quote' | 'csv_undecodable';
  constructor(line: number, code: CsvParseError['code'], message: string, options?: ErrorOptions) {
    super(`line ${line}: ${message}`, options);
    this.name = 'CsvParseError';
    this.line = line;
    this.code = code;
  }
}

const REPLACEMENT = '\uFFFD';

/** 1-based line of a character offset (CRLF, LF and CR each end one line). */
function lineAt(text: string, index: number): number {
  return (text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

function refuseReplacement(text: string, encoding: CsvEncoding): void {
  const at = text.indexOf(REPLACEMENT);
  if (at >= 0) {
    throw new CsvParseError(lineAt(text, at), 'csv_undecodable', `bytes that are not valid ${encoding}; save the file again as UTF-8 (CSV UTF-8 in Excel)`);
  }
}

/** UTF-16 without a BOM: every other byte of ASCII-heavy text is zero. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  if (oddZeros > half * 0.3 && evenZeros < half * 0.05) return 'utf-16le';
  if (evenZeros > half * 0.3 && oddZeros < half * 0.05) return 'utf-16be';
  return null;
}

/**
 * Which encoding the bytes are in: a BOM decides; else UTF-16 by its zero bytes; else UTF-8 when the
 * bytes read as UTF-8 (or mostly do: a damaged UTF-8 file is refused, not re-read as Shift_JIS); else CP932.
 */
export function detectCsvEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = guessUtf16(bytes);
  if (utf16) return utf16;
  const loose = new TextDecoder('utf-8').decode(bytes);
  let bad = 0;
  let good = 0;
  for (const ch of loose) {
    if (ch === REPLACEMENT) bad++;
    else if (ch.charCodeAt(0) > 0x7f) good++;
  }
  return bad === 0 || good > bad ? 'utf-8' : 'cp932';
}

/** Bytes of a CSV file → text, refusing what does not decode (the error names the line). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const encoding = detectCsvEncoding(bytes);
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
  refuseReplacement(text, encoding);
  return { text, encoding };
}

/** Excel's "Unicode text" is tab-separated: a header with tabs and no commas means tabs. */
function delimiterOf(text: string): ',' | '\t' {
  const header = /^[^\r\n]*/.exec(text)![0];
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

const LINE_BREAKS = /\r\n|\r|\n/g;

/**
 * RFC 4180 CSV (csv-parse): quoted fields with "" escapes and line breaks, CRLF/LF/CR, BOM, blank lines
 * skipped. Bytes are decoded first (see decodeCsv). Throws CsvParseError with the line of a broken quote
 * or of bytes that do not decode.
 */
export function parseCsv(input: string | Uint8Array): CsvRecord[] {
  let text: string;
  if (typeof input === 'string') {
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
    refuseReplacement(text, 'utf-8');
  } else text = decodeCsv(input).text;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      delimiter: delimiterOf(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true, // a " inside an unquoted value is part of it, as people type it
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    const line = e.lines ?? 1;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvParseError(line, 'csv_unclosed_quote', 'a quoted field is not closed; add the missing closing " (double quote)');
    throw new CsvParseError(line, 'csv_bad_quote', 'a " (double quote) inside a value; put the whole value in quotes and double the inner quote ("")', { cause: error });
  }
  return rows
    .filter(({ record }) => !(record.length === 1 && record[0]!.trim() === ''))
    .map(({ record, info }) => ({
      // csv-parse reports the line a record ends on; line breaks inside quoted fields move the start back.
      line: info.lines - record.reduce((n, field) => n + (field.match(LINE_BREAKS)?.length ?? 0), 0),
      fields: record,
    }));
}
