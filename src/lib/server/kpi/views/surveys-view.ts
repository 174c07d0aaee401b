import type { KpiContext } from '../kpi-context.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable } from '../tables/table-types.ts';
import { computeInTurns } from './compute-in-turns.ts';

/** /manage/surveys: response rates and NPS by segment. */
export function getSurveysView(ctx: KpiContext): Promise<{ response: KpiTable; nps: KpiTable }> {
  return computeInTurns(ctx, { response: () => buildTable('survey-response', ctx), nps: () => buildTable('survey-nps', ctx) });
}
