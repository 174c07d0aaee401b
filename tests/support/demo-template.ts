import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { prepareDemo } from '../../scripts/lib/prepare-demo.ts';
import { createTestDatabase } from './pg-db.ts';
import { isPostgresUrl } from './test-database.ts';

// Seeding the demo costs a test server ~4 s of CPU at start (and as much again of PostgreSQL's), and about 75
// servers of a test run seed it: seeded once, the demo is copied into each server's new database instead
// (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL). The seed is relative to its time, so a
// copy is at most TEMPLATE_MAX_AGE_MS old and never from another day in Japan than the server's start.
const TEMPLATE_MAX_AGE_MS = 5 * 60_000;
const DIR_SETTING = 'JISOU_TEST_DEMO_TEMPLATES';

/** What a server's start would seed differently from the template: such servers seed for themselves. */
const SEED_SETTINGS = ['JISOU_DEMO', 'JISOU_DEMO_FORCE', 'NODE_ENV', 'JISOU_TIMEZONE', 'JISOU_ENGAGED_SECONDS', 'JISOU_TEST_CLOCK_FILE', 'PUBLIC_ORIGIN'];
export const seedsLikeTheTemplate = (env: Record<string, string>) => process.env[DIR_SETTING] !== undefined && !SEED_SETTINGS.some((k) => k in env);

/** In a global setup (the main process): the folder the test workers keep templates in, for the whole run. */
export function setUpDemoTemplates(): void {
  process.env[DIR_SETTING] ??= mkdtempSync(join(tmpdir(), 'jisou-demo-templates-'));
}

/** In a global teardown: the templates' files (PostgreSQL's go with the throwaway cluster). */
export function removeDemoTemplates(): void {
  if (process.env[DIR_SETTING]) rmSync(process.env[DIR_SETTING], { recursive: true, force: true });
}

const japanDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
interface Stamp { seededAt: number; name: string }

const dir = () => process.env[DIR_SETTING]!;

function readStamp(kind: string): Stamp | undefined {
  const file = join(dir(), `${kind}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Stamp) : undefined;
}

function isFresh(stamp: Stamp): boolean {
  const now = Date.now();
  return now - stamp.seededAt < TEMPLATE_MAX_AGE_MS && japanDay(now) === japanDay(stamp.seededAt);
}

function writeStamp(kind: string, stamp: Stamp): void {
  const file = join(dir(), `${kind}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(stamp));
  renameSync(`${file}.tmp`, file);
}

async function seed(location: string): Promise<void> {
  const db = openDatabase(location);
  const log = console.log;
  console.log = () => {}; // the seed narrates what it wrote
  try {
    await prepareDemo(db);
    if (!isPostgresUrl(location)) db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    console.log = log;
    db.$client.close();
  }
}

/** Put a seeded demo at `file` (a new SQLite database a test server is about to start on). */
export async function copyDemoInto(file: string): Promise<void> {
  let stamp = readStamp('sqlite');
  if (!stamp || !isFresh(stamp)) {
    const previous = stamp?.name;
    const name = join(dir(), `demo-${Date.now()}.sqlite`);
    const seededAt = Date.now();
    await seed(name);
    stamp = { seededAt, name };
    writeStamp('sqlite', stamp);
    if (previous) for (const f of [previous, `${previous}-wal`, `${previous}-shm`]) rmSync(f, { force: true });
  }
  copyFileSync(stamp.name, file);
}

/** A new database of the cluster holding a seeded demo, as a postgres:// URL. */
export async function createDemoDatabase(clusterUrl: string): Promise<string> {
  // Per cluster: the PostgreSQL-only tests run their servers on a cluster of their own.
  const kind = `pg-${new URL(clusterUrl).port}`;
  let stamp = readStamp(kind);
  if (!stamp || !isFresh(stamp)) {
    const seededAt = Date.now();
    const url = await createTestDatabase(clusterUrl, 'demo_template');
    await seed(url);
    stamp = { seededAt, name: new URL(url).pathname.slice(1) };
    writeStamp(kind, stamp);
  }
  return createTestDatabase(clusterUrl, 'server', stamp.name);
}
