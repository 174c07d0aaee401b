import type { APIRoute } from 'astro';
import { getKpiApiResponse } from '../../../lib/server/kpi/views/api-view.ts';

export const prerender = false;

/** Read-only KPI JSON for BI tools: GET /api/kpi/<table>?period=… with `Authorization: Bearer jk_…` (docs/kpi-api.md). */
export const GET: APIRoute = ({ params, url, request }) => getKpiApiResponse(params.table ?? '', url, request.headers.get('authorization'));
