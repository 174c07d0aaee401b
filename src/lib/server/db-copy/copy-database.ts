// `npm run db:copy`: every table of the schema from one database to another (SQLite ↔ PostgreSQL), in
// foreign-key order and primary-key batches. Each batch commits together with the copy's progress row in the
// target, so an interrupted copy resumes after its last committed batch: nothing is copied twice or skipped.
import * as sqliteSchema from '../../../../db/schema/index.ts';
import { describeSqliteTable, tablesOf, type ColumnKind, type TableShape } from '../db/describe-schema.ts';
import { CopyError, type CopyEndpoint } from './copy-endpoint.ts';
import { MERGED_TABLES, planCopy } from './copy-plan.ts';
import { TableChecksum } from './row-checksum.ts';

/** Kept in the target while a copy is unfinished; dropped once the copy is verified. */
export const PROGRESS_TABLE = 'jisou_copy_progress';
/** Rows the migrations themselves write into an empty database (db/migrations*, the epoch counters). */
const MIGRATION_ROWS = { table: 'app_meta', keys: ['tracking_history_epoch', 'account_state_epoch', 'voice_epoch', 'session_epoch', 'tracking_batches', 'activity_epoch', 'audience_epoch', 'roadmap_epoch', 'feedback_epoch'] };
// Parameters per statement stay under SQLite's 32,766 (PostgreSQL allows 65,535).
const MAX_PARAMS = 30_000;

export type CopyEvent =
  | { type: 'resume'; tables: number }
  | { type: 'table'; table: string; done: number; total: number }
  | { type: 'deferred'; table: string; columns: string[]; done: number; total: number }
  | { type: 'sequence'; table: string; next: number }
  | { type: 'verify'; table: string; sourceRows: number; targetRows: number; sourceSum: string; targetSum: string; ok: boolean };

export interface CopyOptions {
  batchRows?: number;
  /** Stop (resumably) once this many rows were copied in this run. */
  stopAfterRows?: number;
  onEvent?: (event: CopyEvent) => void;
}

export interface CopyResult {
  stopped: boolean;
  copiedRows: number;
  tables: Array<{ table: string; rows: number; checksum: string; ok: boolean }>;
  verified: boolean;
}

const q = (name: string) => `"${name}"`;

export function schemaTables(): TableShape[] {
  return tablesOf(sqliteSchema).sqlite.map(describeSqliteTable);
}

function toTarget(value: unknown, kind: ColumnKind, dialect: CopyEndpoint['dialect']): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'bool') {
    const truthy = value === true || value === 1 || value === 1n || value === '1';
    return dialect === 'postgres' ? truthy : truthy ? 1 : 0;
  }
  if (typeof value === 'bigint') return dialect === 'postgres' ? value.toString() : value;
  return value;
}

/** Keyset page: rows after `after` (a primary-key tuple) in primary-key order. */
function pageSql(end: CopyEndpoint, table: TableShape, columns: string[], after: unknown[] | null, limit: number): { sql: string; params: unknown[] } {
  const pk = table.primaryKey.map(q);
  const tuple = (list: string[]) => (list.length === 1 ? list[0]! : `(${list.join(', ')})`);
  const where = after ? ` WHERE ${tuple(pk)} > ${tuple(after.map((_, i) => end.param(i + 1)))}` : '';
  return { sql: `SELECT ${columns.map(q).join(', ')} FROM ${q(table.name)}${where} ORDER BY ${pk.join(', ')} LIMIT ${limit}`, params: after ?? [] };
}

async function countRows(end: CopyEndpoint, table: string): Promise<number> {
  const [[n]] = (await end.all(`SELECT count(*) FROM ${q(table)}`)) as [[number | bigint]];
  return Number(n);
}

async function tableExists(end: CopyEndpoint, table: string): Promise<boolean> {
  const rows =
    end.dialect === 'sqlite'
      ? await end.all(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])
      : await end.all(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, [table]);
  return rows.length > 0;
}

/** Rows in the target that a fresh, migrated database would not have. */
async function targetDataRows(target: CopyEndpoint, tables: TableShape[]): Promise<Array<{ table: string; rows: number }>> {
  const found: Array<{ table: string; rows: number }> = [];
  for (const t of tables) {
    let rows = await countRows(target, t.name);
    if (t.name === MIGRATION_ROWS.table) {
      const keys = MIGRATION_ROWS.keys.map((_, i) => target.param(i + 1)).join(', ');
      const [[n]] = (await target.all(`SELECT count(*) FROM ${q(t.name)} WHERE "key" NOT IN (${keys})`, MIGRATION_ROWS.keys)) as [[number]];
      rows = Number(n);
    }
    if (rows > 0) found.push({ table: t.name, rows });
  }
  return found;
}

interface Progress {
  lastKey: unknown[] | null;
  rowsDone: number;
  done: boolean;
}

async function readProgress(target: CopyEndpoint): Promise<{ source: string; tables: Map<string, Progress> }> {
  const rows = await target.all(`SELECT "table_name", "last_key", "rows_done", "done" FROM ${PROGRESS_TABLE}`);
  const tables = new Map<string, Progress>();
  let source = '';
  for (const [name, lastKey, rowsDone, done] of rows as Array<[string, string | null, number, number]>) {
    if (name === '') source = lastKey ?? '';
    else tables.set(name, { lastKey: lastKey ? (JSON.parse(lastKey) as unknown[]) : null, rowsDone: Number(rowsDone), done: Number(done) === 1 });
  }
  return { source, tables };
}

async function writeProgress(target: CopyEndpoint, name: string, p: Progress): Promise<void> {
  const [a, b, c, d] = [1, 2, 3, 4].map((n) => target.param(n));
  await target.run(
    `INSERT INTO ${PROGRESS_TABLE} ("table_name", "last_key", "rows_done", "done") VALUES (${a}, ${b}, ${c}, ${d}) ON CONFLICT ("table_name") DO UPDATE SET "last_key" = excluded."last_key", "rows_done" = excluded."rows_done", "done" = excluded."done"`,
    [name, p.lastKey ? JSON.stringify(p.lastKey) : null, p.rowsDone, p.done ? 1 : 0],
  );
}

/**
 * Make sure the target is either empty (start a copy) or an unfinished copy of this very source (resume it);
 * anything else is refused before a row is written.
 */
async function prepareTarget(source: CopyEndpoint, target: CopyEndpoint, tables: TableShape[]): Promise<Map<string, Progress>> {
  if (await tableExists(target, PROGRESS_TABLE)) {
    const progress = await readProgress(target);
    if (progress.source !== source.label) throw new CopyError('dbcopy.error.otherCopy', { target: target.label, other: progress.source, source: source.label });
    return progress.tables;
  }
  const rows = await targetDataRows(target, tables);
  if (rows.length) {
    throw new CopyError('dbcopy.error.targetNotEmpty', { target: target.label, tables: rows.slice(0, 5).map((r) => `${r.table} (${r.rows})`).join(', ') + (rows.length > 5 ? ', …' : '') });
  }
  await target.transaction(async () => {
    await target.run(`CREATE TABLE ${PROGRESS_TABLE} ("table_name" text PRIMARY KEY, "last_key" text, "rows_done" bigint NOT NULL, "done" integer NOT NULL)`);
    // The source's identity is the '' row's last_key: a resume from any other source is refused.
    await target.run(`INSERT INTO ${PROGRESS_TABLE} ("table_name", "last_key", "rows_done", "done") VALUES ('', ${target.param(1)}, 0, 0)`, [source.label]);
  });
  return new Map();
}

/** Copy one table's rows (deferred columns as NULL) in primary-key batches, resuming after the last committed one. */
async function copyTable(source: CopyEndpoint, target: CopyEndpoint, table: TableShape, deferred: string[], progress: Progress | undefined, opts: Required<Pick<CopyOptions, 'batchRows'>> & CopyOptions, budget: { left: number; copied: number }): Promise<boolean> {
  const columns = table.columns.map((c) => c.name);
  const kinds = table.columns.map((c) => c.kind);
  const isDeferred = columns.map((c) => deferred.includes(c));
  const pkIndex = table.primaryKey.map((k) => columns.indexOf(k));
  const total = await countRows(source, table.name);
  const state: Progress = progress ?? { lastKey: null, rowsDone: 0, done: false };
  const merge = MERGED_TABLES.has(table.name)
    ? ` ON CONFLICT (${table.primaryKey.map(q).join(', ')}) DO UPDATE SET ${columns.filter((c) => !table.primaryKey.includes(c)).map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`
    : '';
  // COPY cannot merge: merged tables (a few rows) keep the INSERT … ON CONFLICT.
  const bulk = merge ? undefined : target.copyRows?.bind(target);
  const limit = Math.max(1, bulk ? opts.batchRows : Math.min(opts.batchRows, Math.floor(MAX_PARAMS / columns.length)));
  if (state.rowsDone > 0) opts.onEvent?.({ type: 'table', table: table.name, done: state.rowsDone, total });
  while (!state.done) {
    if (budget.left <= 0) return false;
    const want = Math.min(limit, budget.left);
    const page = pageSql(source, table, columns, state.lastKey, want);
    const rows = await source.all(page.sql, page.params);
    const last = rows.at(-1);
    // A page shorter than asked for means the table is exhausted.
    const next: Progress = { lastKey: last ? pkIndex.map((i) => last[i]) : state.lastKey, rowsDone: state.rowsDone + rows.length, done: rows.length < want };
    await target.transaction(async () => {
      if (rows.length && bulk) {
        await bulk(table.name, columns, rows.map((row) => row.map((v, i) => (isDeferred[i] ? null : toTarget(v, kinds[i]!, target.dialect)))));
      } else if (rows.length) {
        const params: unknown[] = [];
        const tuples = rows.map((row) => `(${row.map((v, i) => {
          params.push(isDeferred[i] ? null : toTarget(v, kinds[i]!, target.dialect));
          return target.param(params.length);
        }).join(', ')})`);
        await target.run(`INSERT INTO ${q(table.name)} (${columns.map(q).join(', ')}) VALUES ${tuples.join(', ')}${merge}`, params);
      }
      await writeProgress(target, table.name, next);
    });
    Object.assign(state, next);
    budget.left -= rows.length;
    budget.copied += rows.length;
    opts.onEvent?.({ type: 'table', table: table.name, done: state.rowsDone, total });
  }
  return true;
}

/** Fill in the columns a cycle of foreign keys kept NULL (idempotent, so a resumed copy just does it again). */
async function fillDeferred(source: CopyEndpoint, target: CopyEndpoint, table: TableShape, columns: string[], batchRows: number, onEvent?: CopyOptions['onEvent']): Promise<void> {
  const select = [...table.primaryKey, ...columns];
  const kinds = select.map((c) => table.columns.find((col) => col.name === c)!.kind);
  const total = await countRows(source, table.name);
  let after: unknown[] | null = null;
  let done = 0;
  for (;;) {
    const page = pageSql(source, table, select, after, batchRows);
    const rows = await source.all(page.sql, page.params);
    if (!rows.length) break;
    await target.transaction(async () => {
      for (const row of rows) {
        const values = row.slice(table.primaryKey.length);
        if (values.every((v) => v === null)) continue;
        const sets = columns.map((c, i) => `${q(c)} = ${target.param(i + 1)}`).join(', ');
        const where = table.primaryKey.map((k, i) => `${q(k)} = ${target.param(columns.length + i + 1)}`).join(' AND ');
        await target.run(`UPDATE ${q(table.name)} SET ${sets} WHERE ${where}`, [...values.map((v, i) => toTarget(v, kinds[table.primaryKey.length + i]!, target.dialect)), ...row.slice(0, table.primaryKey.length).map((v, i) => toTarget(v, kinds[i]!, target.dialect))]);
      }
    });
    done += rows.length;
    after = table.primaryKey.map((_, i) => rows.at(-1)![i]);
    onEvent?.({ type: 'deferred', table: table.name, columns, done, total });
    if (rows.length < batchRows) break;
  }
}

/** The highest id a generated key has handed out: SQLite's sqlite_sequence, PostgreSQL's identity sequence. */
async function highWaterMark(end: CopyEndpoint, table: string, column: string): Promise<number> {
  const [[max]] = (await end.all(`SELECT coalesce(max(${q(column)}), 0) FROM ${q(table)}`)) as [[number]];
  let issued = 0;
  if (end.dialect === 'sqlite') {
    const rows = await end.all(`SELECT seq FROM sqlite_sequence WHERE name = ?`, [table]);
    issued = rows.length ? Number(rows[0]![0]) : 0;
  } else {
    const [[seq]] = (await end.all(`SELECT pg_get_serial_sequence($1, $2)`, [q(table), column])) as [[string | null]];
    if (seq) {
      const [[last, called]] = (await end.all(`SELECT last_value, is_called FROM ${seq}`)) as [[number, boolean]];
      issued = called ? Number(last) : 0;
    }
  }
  return Math.max(Number(max), issued);
}

/** Set the target's generated keys past every copied (and every ever issued) id, so later inserts never collide. */
async function advanceSequences(source: CopyEndpoint, target: CopyEndpoint, tables: TableShape[], onEvent?: CopyOptions['onEvent']): Promise<void> {
  for (const t of tables) {
    const key = t.columns.find((c) => c.generated);
    if (!key) continue;
    const mark = Math.max(await highWaterMark(source, t.name, key.name), await highWaterMark(target, t.name, key.name));
    if (target.dialect === 'postgres') {
      if (mark > 0) await target.run(`SELECT setval(pg_get_serial_sequence($1, $2), $3, true)`, [q(t.name), key.name, mark]);
    } else if (mark > 0) {
      const existing = await target.all(`SELECT 1 FROM sqlite_sequence WHERE name = ?`, [t.name]);
      if (existing.length) await target.run(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, [mark, t.name]);
      else await target.run(`INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, [t.name, mark]);
    }
    onEvent?.({ type: 'sequence', table: t.name, next: mark + 1 });
  }
}

/** Row count and checksum of one table, read in primary-key batches and hashed the same way on both dialects. */
export async function checksumTable(end: CopyEndpoint, table: TableShape, batchRows = 5000): Promise<{ rows: number; checksum: string }> {
  const columns = table.columns.map((c) => c.name);
  const kinds = table.columns.map((c) => c.kind);
  const pkIndex = table.primaryKey.map((k) => columns.indexOf(k));
  const sum = new TableChecksum();
  let after: unknown[] | null = null;
  for (;;) {
    const page = pageSql(end, table, columns, after, batchRows);
    const rows = await end.all(page.sql, page.params);
    for (const row of rows) sum.add(row, kinds);
    if (rows.length < batchRows) break;
    after = pkIndex.map((i) => rows.at(-1)![i]);
  }
  return { rows: sum.rows, checksum: sum.hex() };
}

/** Copy every table from source to target, then verify both sides table by table. */
export async function copyDatabase(source: CopyEndpoint, target: CopyEndpoint, opts: CopyOptions = {}): Promise<CopyResult> {
  const tables = schemaTables();
  const plan = planCopy(tables);
  const batchRows = opts.batchRows ?? 2000;
  const progress = await prepareTarget(source, target, tables);
  if (progress.size) opts.onEvent?.({ type: 'resume', tables: [...progress.values()].filter((p) => p.done).length });
  const budget = { left: opts.stopAfterRows ?? Number.POSITIVE_INFINITY, copied: 0 };
  const stopped = (): CopyResult => ({ stopped: true, copiedRows: budget.copied, tables: [], verified: false });
  await source.beginSnapshot();
  try {
    const merged = plan.order.filter((t) => MERGED_TABLES.has(t.name));
    for (const table of plan.order.filter((t) => !MERGED_TABLES.has(t.name))) {
      if (!(await copyTable(source, target, table, plan.deferred.get(table.name) ?? [], progress.get(table.name), { ...opts, batchRows }, budget))) return stopped();
    }
    for (const [name, columns] of plan.deferred) await fillDeferred(source, target, tables.find((t) => t.name === name)!, columns, batchRows, opts.onEvent);
    // Merged tables (app_meta) go last and whole on every run: SQLite's epoch triggers bump app_meta while the
    // other tables are written, and the source's values must be what remains.
    for (const table of merged) {
      if (!(await copyTable(source, target, table, [], undefined, { ...opts, batchRows }, budget))) return stopped();
    }
    await advanceSequences(source, target, tables, opts.onEvent);
    const results: CopyResult['tables'] = [];
    for (const table of plan.order) {
      const a = await checksumTable(source, table);
      const b = await checksumTable(target, table);
      const ok = a.rows === b.rows && a.checksum === b.checksum;
      opts.onEvent?.({ type: 'verify', table: table.name, sourceRows: a.rows, targetRows: b.rows, sourceSum: a.checksum, targetSum: b.checksum, ok });
      results.push({ table: table.name, rows: b.rows, checksum: b.checksum, ok });
    }
    const verified = results.every((r) => r.ok);
    // A verified copy is an ordinary database again; an unverified one keeps its progress so a rerun re-checks it.
    if (verified) await target.run(`DROP TABLE ${PROGRESS_TABLE}`);
    return { stopped: false, copiedRows: budget.copied, tables: results, verified };
  } finally {
    await source.endSnapshot();
  }
}
