import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '../..');
let counter = 0;

/** A new database on the test cluster (unique per call; empty, or a copy of `template`), as a postgres:// URL. */
export async function createTestDatabase(clusterUrl: string, prefix: string, template?: string): Promise<string> {
  // A random part too: the integration and integration-pg projects' global setups run in one process with
  // their own copies of this module (and counter), and must not pick the same name.
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
        break;
      } catch (error) {
        // 55006: the template's last session (the seed's connection) has not quite ended yet.
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Run a query on a database of the cluster and return its rows. */
export async function queryPg<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The one row a query returns (a count, a RETURNING): fails the test when there is none. */
export async function queryOne<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await queryPg<T>(url, sql, params);
  if (!row) throw new Error(`no row from: ${sql}`);
  return row;
}

/** `npm run db:copy -- …args` as a process (the node the tests run on is the project's Node 22). */
export function runDbCopy(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/db-copy.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'en', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
}
