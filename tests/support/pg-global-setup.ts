import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';
import { startPgTestCluster, type PgTestCluster } from '../../scripts/lib/pg-test-cluster.ts';
import { prepareDemo } from '../../scripts/lib/prepare-demo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the throwaway cluster's `postgres` database (tests create their own databases in it). */
    pgUrl: string;
    /** An SQLite file seeded with the demo data, exactly as `npm start` seeds it. Copy it before writing. */
    demoDbPath: string;
  }
}

let cluster: PgTestCluster | undefined;
let dir: string | undefined;

/** One throwaway PostgreSQL cluster for every PostgreSQL test, and the demo database they copy. */
export async function setup(project: TestProject) {
  dir = mkdtempSync(join(tmpdir(), 'jisou-pg-demo-'));
  const demoDbPath = join(dir, 'demo.sqlite');
  const started = startPgTestCluster();
  const db = openDatabase(demoDbPath);
  const log = console.log;
  console.log = () => {}; // the seed narrates what it wrote; the test output does not need it
  try {
    await prepareDemo(db);
  } finally {
    console.log = log;
    db.$client.close();
  }
  try {
    cluster = await started;
  } catch (error) {
    throw new Error(`The PostgreSQL tests need a throwaway cluster: ${(error as Error).message}`, { cause: error });
  }
  project.provide('pgUrl', cluster.url);
  project.provide('demoDbPath', demoDbPath);
}

export function teardown() {
  cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
