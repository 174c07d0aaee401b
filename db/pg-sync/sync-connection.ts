import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface SyncResult {
  rows: unknown[];
  rowCount: number;
}

/** A PostgreSQL error as node-postgres reports it (`code` is the SQLSTATE, e.g. 23505 for a unique key). */
export class PgQueryError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  constructor(message: string, fields: Record<string, unknown>) {
    super(message);
    this.name = 'PgQueryError';
    Object.assign(this, fields);
  }
}

export interface SyncConnection {
  query(text: string, params?: unknown[], rowMode?: 'array'): SyncResult;
  close(): void;
  readonly open: boolean;
}

/**
 * The worker's file: next to this module when it runs from the sources, under the project root when this
 * module was bundled into the built server (dist/server/chunks/…), whose working directory is the root.
 */
function workerFile(): string {
  const here = fileURLToPath(new URL('./bridge-worker.ts', import.meta.url));
  return existsSync(here) ? here : resolve(process.cwd(), 'db/pg-sync/bridge-worker.ts');
}

/**
 * One PostgreSQL connection used synchronously, like better-sqlite3 uses its file: the data layer of Jisou is
 * synchronous (each request's reads and writes run without interleaving with another request's), and on
 * PostgreSQL it stays so. The connection lives on a worker thread; the caller posts a query and sleeps on a
 * shared flag until the worker has the answer. A query blocks this thread for its round trip — as a
 * better-sqlite3 query blocks it for its disk reads — and several instances give the concurrency.
 */
export function openSyncConnection(url: string): SyncConnection {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile(), {
    workerData: { url, port: port2, signal },
    transferList: [port2],
  });
  // The worker must not keep a finished CLI alive; an open connection is closed explicitly (close()).
  worker.unref();
  let open = true;
  let failure: Error | undefined;
  // How long one query may take before the caller gives up (a dead server, a lock held elsewhere).
  const timeoutMs = Number(process.env.DATABASE_QUERY_TIMEOUT_MS ?? 120_000);
  worker.on('error', (error) => (failure = error));

  function roundTrip(message: unknown): Record<string, unknown> {
    if (!open) throw new Error('The PostgreSQL connection is closed.');
    Atomics.store(signal, 0, 0);
    port1.postMessage(message);
    for (;;) {
      const r = Atomics.wait(signal, 0, 0, timeoutMs);
      const got = receiveMessageOnPort(port1);
      if (got) return got.message as Record<string, unknown>;
      if (failure) throw new Error(`The PostgreSQL connection thread failed: ${failure.message}`, { cause: failure });
      if (r === 'timed-out') throw new Error(`PostgreSQL did not answer within ${timeoutMs} ms (DATABASE_QUERY_TIMEOUT_MS).`);
    }
  }

  // The thread answers once it runs; a file it cannot load would otherwise look like a query that never ends
  // (its 'error' event cannot reach a thread that sleeps in Atomics.wait).
  if (Atomics.wait(signal, 0, 0, 15_000) === 'timed-out' || !receiveMessageOnPort(port1)) {
    void worker.terminate();
    throw new Error(`The PostgreSQL connection thread (${workerFile()}) did not start within 15 s.`);
  }

  return {
    get open() {
      return open;
    },
    query(text, params = [], rowMode) {
      const m = roundTrip({ text, params, rowMode });
      if (m.error) {
        const e = m.error as Record<string, unknown>;
        throw new PgQueryError(String(e.message), e);
      }
      return m as unknown as SyncResult;
    },
    close() {
      if (!open) return;
      try {
        roundTrip({ close: true });
      } finally {
        open = false;
        port1.close();
        void worker.terminate();
      }
    },
  };
}
