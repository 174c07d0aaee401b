// Worker thread of createWorkerSink: receives batches, writes each in one transaction, answers per batch.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../../db/client.ts';
import { createBatchWriter } from './store.ts';
import type { WorkerSinkOptions } from './writer.ts';

const opts = workerData as WorkerSinkOptions;
const db = openDatabase(opts.databasePath, opts.root);
// Short busy timeout: a locked database fails the batch quickly, and the ingest retries it later.
db.$client.pragma(`busy_timeout = ${opts.busyTimeoutMs}`);
const write = createBatchWriter(db.$client, {
  timeZone: opts.timeZone,
  engagedMs: opts.engagedMs,
  engagedVideoPercent: opts.engagedVideoPercent,
  index: new Map(opts.index),
});

parentPort!.postMessage({ ready: true });
parentPort!.on('message', (m: { id: number; batch: string }) => {
  try {
    const [events, views, spends] = JSON.parse(m.batch) as Parameters<typeof write>;
    const levels = write(events, views, spends);
    parentPort!.postMessage({ id: m.id, levels });
  } catch (error) {
    const e = error as Error & { code?: string };
    parentPort!.postMessage({ id: m.id, error: { message: e.message, code: e.code } });
  }
});
