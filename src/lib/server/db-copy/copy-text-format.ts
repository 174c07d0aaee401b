// PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"): one
// line per row, columns split by tabs, NULL as \N, and backslash, tab, newline and carriage return escaped.

/** One value as COPY text reads it; values were already converted for PostgreSQL (booleans, bigints as text). */
function encodeValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value === true) return 't';
  if (value === false) return 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = String(value);
  // Most values need no escaping: test once instead of replacing four times.
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** Rows as the body of `COPY … FROM STDIN` in text format. */
export function encodeCopyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) out += row.map(encodeValue).join('\t') + '\n';
  return out;
}
