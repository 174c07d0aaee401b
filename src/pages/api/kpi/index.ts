import type { APIRoute } from 'astro';
import { getKpiApiResponse } from '../../../lib/server/kpi/views/api-view.ts';

export const prerender = false;

/** GET /api/kpi: the three KPIs for the period and the list of tables. */
export const GET: APIRoute = ({ url, request }) => getKpiApiResponse('', url, request.headers.get('authorization'));
