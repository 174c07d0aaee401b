import { publishedSurveys } from '../../surveys/published-surveys.ts';
import { getNpsBySegment, getSurveyResponseRates } from '../get-survey-results.ts';
import type { TableBuilder } from './table-types.ts';
import { LABELS } from '../../../labels.ts';

// What customers told us in surveys: response rates and NPS by segment (no personal data).
export const surveyTables: Record<string, TableBuilder> = {
  'survey-response': (ctx) => ({
    id: 'survey-response', title: 'dashboard.table.surveyResponse',
    columns: [
      { key: 'title', label: 'dashboard.col.survey', format: 'text' },
      { key: 'responseRatePercent', label: 'dashboard.col.responseRate', format: 'percent' },
      { key: 'accountsAnswered', label: 'dashboard.col.accountsAnswered', format: 'int' },
      { key: 'accountsAsked', label: 'dashboard.col.accountsAsked', format: 'int' },
      { key: 'answers', label: 'dashboard.col.answers', format: 'int' },
    ],
    rows: getSurveyResponseRates(ctx, publishedSurveys()).map((r) => ({ ...r })),
    defaultSort: { key: 'responseRatePercent', dir: 'asc' },
  }),
  'survey-nps': (ctx) => ({
    id: 'survey-nps', title: 'dashboard.table.surveyNps',
    columns: [
      { key: 'segment', label: 'dashboard.col.segment', format: 'text', translate: LABELS.segment },
      { key: 'nps', label: 'dashboard.col.nps', format: 'decimal' },
      { key: 'answers', label: 'dashboard.col.answers', format: 'int' },
      { key: 'promoters', label: 'dashboard.col.promoters', format: 'int' },
      { key: 'passives', label: 'dashboard.col.passives', format: 'int' },
      { key: 'detractors', label: 'dashboard.col.detractors', format: 'int' },
    ],
    rows: getNpsBySegment(ctx).map((r) => ({ ...r })),
    defaultSort: { key: 'segment', dir: 'asc' },
  }),
};
