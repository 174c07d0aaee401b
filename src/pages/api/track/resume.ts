import type { APIRoute } from 'astro';
import { handleDevResume } from '../../../lib/server/tracking/dev-ingest.ts';

// Served by scripts/start.ts in production (before Astro); this route only serves `astro dev`.
export const GET: APIRoute = ({ url, locals }) => (import.meta.env.DEV ? handleDevResume(url, locals.viewer) : new Response(null, { status: 404 }));
