import type { Db } from '../../../../db/client.ts';
import { fieldErrors, userInput, type UserInput } from '../../../schemas/accounts.ts';
import type { Actor } from './audit.ts';
import { CsvParseError, parseCsv } from './csv.ts';
import { createUser, findUserByEmail, resolveAccountFor, updateUser } from './users.ts';

export const CSV_COLUMNS = ['email', 'name', 'role', 'account', 'locale'] as const;
const REQUIRED = ['email', 'name'] as const;
export const MAX_CSV_ROWS = 5000;

export interface CsvRowError {
  line: number;
  field: string;
  /** Error code (`auth.error.<code>`), or a CSV-level code (`csv_*`). */
  code: string;
  value?: string;
  /** csv_duplicate_email: the line where the address first appears. */
  firstLine?: number;
  /** csv_unknown_column with an empty header cell: its position (1-based). */
  column?: number;
}

export type ImportResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; errors: CsvRowError[] };

/**
 * Import people from CSV (header: email,name[,role][,account][,locale]). Every row is validated first;
 * if any row is bad nothing is written and every problem is reported with its line. Re-running the same
 * file changes nothing (rows that match the database count as unchanged).
 */
export function importUsersCsv(db: Db, text: string | Uint8Array, actor: Actor, now = Date.now()): ImportResult {
  let records;
  try {
    // Bytes are decoded here (UTF-8, Shift_JIS/CP932, UTF-16); a string is taken as already decoded.
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
    return { ok: false, errors: [{ line: error.line, field: 'csv', code: error.code }] };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, field: 'csv', code: 'csv_empty' }] };
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  const errors: CsvRowError[] = [];
  for (const [i, c] of columns.entries()) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) errors.push({ line: header.line, field: c, code: 'csv_unknown_column', ...(c ? {} : { column: i + 1 }) });
  }
  for (const r of REQUIRED) if (!columns.includes(r)) errors.push({ line: header.line, field: r, code: 'csv_missing_column' });
  if (rows.length > MAX_CSV_ROWS) errors.push({ line: header.line, field: 'csv', code: 'csv_too_many_rows' });
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: header.line, field: 'csv', code: 'csv_no_rows' }] };

  const valid: Array<{ line: number; input: UserInput }> = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length > columns.length) {
      errors.push({ line: row.line, field: 'csv', code: 'csv_too_many_fields' });
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((c, i) => (raw[c] = (row.fields[i] ?? '').trim()));
    const parsed = userInput.safeParse({ ...raw, role: raw.role || 'customer', locale: raw.locale || 'ja' });
    if (!parsed.success) {
      for (const [field, code] of Object.entries(fieldErrors(parsed.error))) errors.push({ line: row.line, field, code, value: raw[field] });
      continue;
    }
    const input = parsed.data;
    const first = seen.get(input.email);
    if (first !== undefined) {
      errors.push({ line: row.line, field: 'email', code: 'csv_duplicate_email', value: input.email, firstLine: first });
      continue;
    }
    seen.set(input.email, row.line);
    const account = resolveAccountFor(db, input.role, input.account, input.email);
    if (!account.ok) {
      for (const [field, code] of Object.entries(account.errors)) errors.push({ line: row.line, field, code, value: raw[field] });
      continue;
    }
    const existing = findUserByEmail(db, input.email);
    if (existing?.disabledAt) errors.push({ line: row.line, field: 'email', code: 'user_disabled', value: input.email });
    // The same rule as the edit form (updateUser), checked here so the whole file is refused with its
    // line instead of failing half-way through the write.
    else if (existing && existing.id === actor.userId && existing.role !== input.role) errors.push({ line: row.line, field: 'role', code: 'cannot_change_self', value: raw.role || input.role });
    else valid.push({ line: row.line, input });
  }
  if (errors.length) return { ok: false, errors };

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  db.transaction(() => {
    for (const { input } of valid) {
      const existing = findUserByEmail(db, input.email);
      if (!existing) {
        const r = createUser(db, input, actor, now);
        if (!r.ok) throw new Error(`import: ${input.email}: ${JSON.stringify(r.errors)}`);
        created++;
        continue;
      }
      const accountId = resolveAccountFor(db, input.role, input.account, input.email);
      const same = existing.name === input.name && existing.role === input.role && existing.locale === input.locale && accountId.ok && existing.accountId === accountId.value;
      if (same) {
        unchanged++;
        continue;
      }
      const r = updateUser(db, existing.id, { name: input.name, role: input.role, locale: input.locale, account: input.account }, actor, now);
      if (!r.ok) throw new Error(`import: ${input.email}: ${JSON.stringify(r.errors)}`);
      updated++;
    }
  });
  return { ok: true, created, updated, unchanged };
}
