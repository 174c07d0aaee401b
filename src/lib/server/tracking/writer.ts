import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { ViewState } from './clamp.ts';
import type { TrackedItem } from './content-index.ts';
import { createBatchWriter, type AcceptedEvent, type StoreOptions } from './store.ts';
import type { BudgetLevel, BudgetSpend } from './budget-sync.ts';

/**
 * Writes batches somewhere durable; rejects when the database refused the batch (it is then retried).
 * Resolves with the clients' budget levels as all instances left them (budget-sync.ts).
 */
export interface BatchSink {
  write(events: AcceptedEvent[], views: ViewState[], spends?: BudgetSpend[]): Promise<BudgetLevel[]>;
  close(): Promise<void>;
}

/** Same-thread writer (tests, tools): simple, but blocks the event loop for the length of each batch. */
export function createInlineSink(db: Database.Database, opts: StoreOptions): BatchSink {
  const write = createBatchWriter(db, opts);
  return {
    write: async (events, views, spends) => write(events, views, spends),
    close: async () => {},
  };
}

export interface WorkerSinkOptions {
  databasePath: string;
  root: string;
  timeZone: string;
  engagedMs: number;
  engagedVideoPercent: number;
  index: [string, TrackedItem][];
  busyTimeoutMs: number;
}

/**
 * Writer on a worker thread with its own connection, so a batch of thousands of rows and rollup upserts
 * never stalls the requests being answered meanwhile. One batch is in flight at a time.
 */
export async function createWorkerSink(opts: WorkerSinkOptions): Promise<BatchSink> {
  const worker = new Worker(new URL('./writer-worker.ts', import.meta.url), { workerData: opts });
  // Wait until the thread has its connection, so the server never accepts beats it can't write yet.
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('tracking writer did not start'))));
    worker.once('error', reject);
  });
  let seq = 0;
  const pending = new Map<number, { resolve: (levels: BudgetLevel[]) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { id: number; levels?: BudgetLevel[]; error?: { message: string; code?: string } }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    else p.resolve(m.levels ?? []);
  });
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('tracking writer thread exited')));
  return {
    write(events, views, spends = []) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // One JSON string: cloning thousands of small objects for postMessage costs the request thread
        // about twice as much as stringifying them, and holds up the requests waiting behind it.
        worker.postMessage({ id, batch: JSON.stringify([events, views, spends]) });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
