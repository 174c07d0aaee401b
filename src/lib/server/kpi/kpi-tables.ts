// Every table the dashboards show, by id: the pages, the CSV downloads and the JSON API all build from here.
import type { KpiContext } from './kpi-context.ts';
import { accountTables } from './tables/account-tables.ts';
import { awarenessTables } from './tables/awareness-tables.ts';
import type { KpiTable, TableBuilder, TableScope } from './tables/table-types.ts';
import { viewingTables } from './tables/viewing-tables.ts';
import { volumeTables } from './tables/volume-tables.ts';
import { feedbackTables } from './tables/feedback-tables.ts';
import { surveyTables } from './tables/survey-tables.ts';

const TABLES: Record<string, TableBuilder> = { ...viewingTables, ...volumeTables, ...awarenessTables, ...accountTables, ...feedbackTables, ...surveyTables };

/** Tables a customer-admin may read for their own account (under /team). */
export const TEAM_TABLES = ['viewing-series', 'viewing-levels', 'viewing-items', 'awareness-items', 'awareness-accounts', 'account-users', 'account-timeline'];
/** Tables about accounts and their people (stages, health, alerts, names, emails): managers and admins only. */
export const ACCOUNT_DETAIL_TABLES = ['accounts', 'alerts', 'account-users', 'account-timeline'];
/** Tables that need an account (the account page). */
export const ACCOUNT_TABLES = ['account-users', 'account-timeline'];

export const TABLE_IDS = Object.keys(TABLES);

export function isTableId(id: string): boolean {
  return Object.hasOwn(TABLES, id);
}

/** Build one table; the scope narrows it to one account (team views, account pages). */
export function buildTable(id: string, ctx: KpiContext, scope: TableScope = {}): KpiTable {
  const builder = TABLES[id];
  if (!builder) throw new Error(`unknown KPI table "${id}"`);
  return builder(ctx, scope);
}
