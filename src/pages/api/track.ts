import type { APIRoute } from 'astro';
import { handleDevTrack } from '../../lib/server/tracking/dev-ingest.ts';

// In production scripts/start.ts answers POST /api/track before Astro sees it; this route only serves
// `astro dev`. Anywhere else it refuses, so a second ingest with its own clamp state can never run.
export const POST: APIRoute = (ctx) =>
  import.meta.env.DEV ? handleDevTrack(ctx.request, ctx.locals.viewer, ctx.clientAddress) : new Response(null, { status: 404 });
