// The floor to compare the ingest against: raw node:http, JSON.parse, an in-memory array and a batched
// better-sqlite3 insert every second. No validation, identity, clamping or rollups.
import Database from 'better-sqlite3';
import { createServer } from 'node:http';

const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS beats (id INTEGER PRIMARY KEY, at INTEGER, view TEXT, ms INTEGER)');
const insert = db.prepare('INSERT INTO beats (at, view, ms) VALUES (?, ?, ?)');
let buffer: { view: string; ms: number; at: number }[] = [];
const write = db.transaction((rows: typeof buffer) => {
  for (const r of rows) insert.run(r.at, r.view, r.ms);
});
const flush = () => {
  const rows = buffer;
  buffer = [];
  write(rows);
};
setInterval(flush, 1000);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { view: string; events: { ms?: number }[] };
      const at = Date.now();
      for (const e of body.events) buffer.push({ view: body.view, ms: e.ms ?? 0, at });
      res.writeHead(204);
    } catch {
      res.writeHead(400);
    }
    res.end();
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
process.on('SIGTERM', () => {
  flush();
  db.close();
  process.exit(0);
});
