import type { IncomingMessage, ServerResponse } from 'node:http';
import { openDatabase } from '../../../../db/client.ts';
import type { Config } from '../../../schemas/config.ts';
import { resolveViewer } from '../auth/viewer.ts';
import { loadContentIndex } from './content-index.ts';
import { createTrackHttp } from './http.ts';
import { createIngest } from './ingest.ts';

/**
 * Start the tracking ingest for scripts/start.ts: its own database connection (short busy timeout, so a
 * locked database delays serving by at most a moment and the batch is retried), the content keys read
 * from content/, and an HTTP handler to put in front of Astro's.
 */
export function mountTracking(root: string, config: Config) {
  const db = openDatabase(config.DATABASE_PATH, root);
  db.$client.pragma('busy_timeout = 250');
  const index = loadContentIndex(root);
  const ingest = createIngest({
    db: db.$client,
    index,
    timeZone: config.JISOU_TIMEZONE,
    flushMs: config.JISOU_TRACK_FLUSH_MS,
    batchRows: config.JISOU_TRACK_BATCH_ROWS,
    bufferMax: config.JISOU_TRACK_BUFFER_MAX,
    engagedSeconds: config.JISOU_ENGAGED_SECONDS,
    engagedVideoPercent: config.JISOU_ENGAGED_VIDEO_PERCENT,
    retentionDays: config.JISOU_TRACK_RETENTION_DAYS,
  });
  const handle: (req: IncomingMessage, res: ServerResponse) => boolean = createTrackHttp({
    ingest,
    resolveViewer: (cookie) => resolveViewer(cookie),
    publicOrigin: config.PUBLIC_ORIGIN,
  });
  return {
    handle,
    ingest,
    /** Write everything buffered and close the connection (call before the process exits). */
    close(): void {
      const ok = ingest.close();
      if (!ok) console.error(`[tracking] ${ingest.health().buffered} event(s) could not be written before exit`);
      db.$client.close();
    },
  };
}
