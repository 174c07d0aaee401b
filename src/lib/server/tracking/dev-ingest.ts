// `astro dev` has no scripts/start.ts in front of it, so the tracking endpoints are served by Astro routes
// there, with the same validation, clamping and batch writer (same-thread). Production never uses this.
import type { Viewer } from '../../access.ts';
import { trackPayload, TRACK_MAX_BYTES } from '../../../schemas/tracking.ts';
import { getConfig } from '../config.ts';
import { getDb } from '../db.ts';
import { isBot } from './bots.ts';
import { loadContentIndex } from './content-index.ts';
import { isSameOrigin } from './http.ts';
import { createIngest, type Ingest } from './ingest.ts';
import { createInlineSink } from './writer.ts';

let ingest: Ingest | undefined;

function devIngest(): Ingest {
  if (ingest) return ingest;
  const config = getConfig();
  const db = getDb().$client;
  const index = loadContentIndex(process.cwd());
  const sink = createInlineSink(db, { timeZone: config.JISOU_TIMEZONE, engagedMs: config.JISOU_ENGAGED_SECONDS * 1000, engagedVideoPercent: config.JISOU_ENGAGED_VIDEO_PERCENT, index });
  ingest = createIngest({ db, sink, index, flushMs: config.JISOU_TRACK_FLUSH_MS, batchRows: config.JISOU_TRACK_BATCH_ROWS, bufferMax: config.JISOU_TRACK_BUFFER_MAX, retentionDays: config.JISOU_TRACK_RETENTION_DAYS,
    personRowsPerMinute: config.JISOU_TRACK_PERSON_ROWS_PER_MINUTE || Infinity,
    visitorRowsPerMinute: config.JISOU_TRACK_VISITOR_ROWS_PER_MINUTE || Infinity,
  });
  return ingest;
}

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

export async function handleDevTrack(request: Request, viewer: Viewer | null, address = ''): Promise<Response> {
  if (!isSameOrigin(request.headers.get('origin') ?? undefined, request.headers.get('host') ?? undefined, getConfig().PUBLIC_ORIGIN)) return json(403, { error: 'cross-origin request refused' });
  const text = await request.text();
  if (Buffer.byteLength(text) > TRACK_MAX_BYTES) return json(413, { error: `body larger than ${TRACK_MAX_BYTES} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: 'body is not JSON' });
  }
  const parsed = trackPayload.safeParse(body);
  if (!parsed.success) return json(400, { error: parsed.error.issues[0]?.message ?? 'invalid payload' });
  if (isBot(request.headers.get('user-agent') ?? undefined)) return json(204);
  const result = devIngest().accept(parsed.data, viewer, Date.now(), address);
  if (result.status === 204) return json(204);
  const response = json(result.status, { error: result.error });
  if (result.status === 429) response.headers.set('retry-after', String(result.retryAfter));
  return response;
}

export function handleDevResume(url: URL, viewer: Viewer | null): Response {
  if (!viewer) return json(401, { error: 'sign in to keep your place' });
  return json(200, devIngest().resumePoint(viewer.userId, url.searchParams.get('key') ?? '') ?? { position: null });
}
