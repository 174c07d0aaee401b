/** Where a statement's parameters go: positional (`?`, `?NNN`) or named (`@x`, `:x`, `$x`), in order. */
export type Slot = { pos: number } | { name: string };

/**
 * Rewrite SQLite parameter markers to PostgreSQL's `$1…$n`, leaving string literals, quoted identifiers,
 * comments, `::` casts and `$1`-style markers already present alone. The same named parameter used twice
 * gets one number, as in SQLite.
 *
 * Mixed-case aliases (`AS userId`) are quoted wherever the statement names them: SQLite keeps an alias as
 * written, PostgreSQL folds an unquoted one to lower case, and the callers read `row.userId`. Column names
 * are snake_case, so no real column is caught by this.
 */
export function toPgPlaceholders(source: string): { text: string; slots: Slot[] } {
  // drizzle's SQLite builder names an upsert's conflict columns with their table ("t"."c"); PostgreSQL takes bare names there.
  const sql = source.replace(/\bon conflict \(((?:"[^"]+"\."[^"]+"(?:, )?)+)\)/g, (_, cols: string) => `on conflict (${cols.replace(/"[^"]+"\./g, '')})`);
  const aliases = mixedCaseAliases(sql);
  const slots: Slot[] = [];
  const named = new Map<string, number>();
  let next = 0;
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      let j = i + 1;
      while (j < n && isDigit(sql[j]!)) j++;
      // `?NNN` names a position explicitly; plain `?` is the next one.
      const pos = j > i + 1 ? Number(sql.slice(i + 1, j)) - 1 : next;
      next = Math.max(next, pos + 1);
      slots.push({ pos });
      out += `$${slots.length}`;
      i = j;
    } else if ((c === '@' || c === ':' || c === '$') && isNameStart(sql[i + 1]) && !(c === ':' && sql[i - 1] === ':')) {
      let j = i + 1;
      while (j < n && isNameChar(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let index = named.get(name);
      if (index === undefined) {
        slots.push({ name });
        index = slots.length;
        named.set(name, index);
      }
      out += `$${index}`;
      i = j;
    } else if (isNameStart(c) && !isNameChar(sql[i - 1] ?? ' ')) {
      let j = i + 1;
      while (j < n && isNameChar(sql[j]!)) j++;
      const word = sql.slice(i, j);
      out += aliases.has(word) ? `"${word}"` : word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, slots };
}

function mixedCaseAliases(sql: string): Set<string> {
  const found = new Set<string>();
  const bare = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''");
  for (const m of bare.matchAll(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi)) if (/[A-Z]/.test(m[1]!) && /[a-z]/.test(m[1]!)) found.add(m[1]!);
  return found;
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2; // '' inside a literal
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/** The values for `slots` from better-sqlite3-style arguments: positional values (arrays flattened) and/or one object of named values. */
export function bindValues(slots: Slot[], args: unknown[]): unknown[] {
  const positional: unknown[] = [];
  let names: Record<string, unknown> | undefined;
  for (const a of args) {
    if (Array.isArray(a)) positional.push(...a);
    else if (a !== null && typeof a === 'object' && !(a instanceof Uint8Array) && !(a instanceof Date)) names = a as Record<string, unknown>;
    else positional.push(a);
  }
  return slots.map((s) => toPgValue('pos' in s ? positional[s.pos] : names?.[s.name]));
}

// A missing value binds as NULL; a bigint goes as its digits (node-postgres takes no bigint).
function toPgValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}
