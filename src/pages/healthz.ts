import type { APIRoute } from 'astro';
import { resolve } from 'node:path';
import { getConfig } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { checkHealthNow } from '../lib/server/health-check.ts';
import { readDashboardWarmUp, startDashboardWarmUp } from '../lib/server/kpi/warm-dashboards.ts';

/**
 * Liveness and readiness for proxies, systemd and monitoring: 200 when ok or degraded, 503 when down.
 * `?warm` starts the dashboard warm-up (once per process; the server asks it of itself when it listens).
 */
export const GET: APIRoute = async ({ url }) => {
  if (url.searchParams.has('warm')) startDashboardWarmUp();
  const config = getConfig();
  const health = await checkHealthNow({
    db: () => getDb().$client,
    databaseFile: resolve(process.cwd(), config.DATABASE_PATH),
    root: process.cwd(),
    bufferMax: config.JISOU_TRACK_BUFFER_MAX,
    smtp: Boolean(config.SMTP_URL),
    pg: Boolean(config.DATABASE_URL),
  });
  return new Response(JSON.stringify({ ...health, dashboards: readDashboardWarmUp() }), {
    status: health.status === 'down' ? 503 : 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
