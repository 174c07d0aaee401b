import type { APIRoute } from 'astro';
import { getDb } from '../lib/server/db.ts';
import { getTrackingHealth } from '../lib/server/tracking/health.ts';

// Liveness and the tracking counters (buffered, dropped, last batch write). 503 when the database
// can't be read; "degraded" while tracking events are being dropped or batch writes fail.
export const GET: APIRoute = () => {
  let db: 'ok' | 'error' = 'ok';
  try {
    getDb().$client.prepare('SELECT 1').get();
  } catch {
    db = 'error';
  }
  const tracking = getTrackingHealth();
  const status = db === 'error' ? 'error' : tracking.dropped > 0 || tracking.lastError ? 'degraded' : 'ok';
  return new Response(JSON.stringify({ status, db, tracking }), {
    status: db === 'error' ? 503 : 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
};
