// Worker thread of db/pg-sync/sync-connection.ts: holds one node-postgres connection and answers one query at
// a time. The calling thread sleeps on `signal` (Atomics.wait) until the answer is posted, which is what
// makes the query synchronous for it.
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import { readInt8AsNumber } from './int8-as-number.ts';

interface Request {
  text: string;
  params: unknown[];
  rowMode?: 'array';
}

const { url, port, signal } = workerData as { url: string; port: MessagePort; signal: Int32Array };

readInt8AsNumber();
// numeric (sum of bigints, avg): a number, as SQLite answers. Values here are times and counts.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
// A lost connection fails the query in flight (answered below) and every later one: the process decides.
client.on('error', () => {});
const connected = client.connect();
// Awaited by each query, which answers its failure. Handled here too: a refusal that comes before the first
// query would otherwise be an unhandled rejection, which ends this thread while the caller sleeps in
// Atomics.wait (it cannot see the thread's 'error' event) until the query timeout, two minutes by default.
connected.catch(() => {});

// The caller sends one request at a time and takes the next message as its answer, so each request gets
// exactly one answer, and nothing is posted between requests (it would be taken as the next one's answer).
let inFlight = false;
let failure: string | undefined;

function answer(message: unknown): void {
  inFlight = false;
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// Any other failure of this thread is answered as well, for the same reason: the caller would sleep on. The
// thread is not trusted after it: the request in flight and every later one get the failure.
process.on('uncaughtException', (error) => {
  failure = `The PostgreSQL connection thread failed: ${error.message}`;
  if (inFlight) answer({ error: { message: failure } });
});

answer({ ready: true });

port.on('message', async (req: Request | { close: true }) => {
  inFlight = true;
  if ('close' in req) {
    await client.end().catch(() => {});
    answer({ closed: true });
    port.close();
    return;
  }
  if (failure) return answer({ error: { message: failure } });
  let message: unknown;
  try {
    await connected;
    const result = req.rowMode
      ? await client.query({ text: req.text, values: req.params, rowMode: 'array' } as pg.QueryArrayConfig)
      : await client.query({ text: req.text, values: req.params });
    message = { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    message = { error: { message: e.message, code: e.code, detail: e.detail, constraint: e.constraint, table: e.table, column: e.column } };
  }
  // Already answered when the thread failed meanwhile.
  if (inFlight) answer(message);
});
