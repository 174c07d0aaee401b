// `npm run kpi:alerts`: evaluate alerts as of today, record the ones that started or ended and send the
// webhook for new ones (waits for delivery). For cron; the dashboards do the same when opened.
import { resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { getConfig, databaseLocation } from '../src/lib/server/config.ts';
import { evaluateAccounts } from '../src/lib/server/health/evaluate-accounts.ts';
import { announceAlerts, recordAlerts } from '../src/lib/server/health/record-alerts.ts';
import { loadKpiContent } from '../src/lib/server/kpi/kpi-content.ts';
import { getKpiSettings } from '../src/lib/server/kpi/kpi-service.ts';
import { resolvePeriod } from '../src/lib/server/kpi/period.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
let settings;
try {
  settings = getKpiSettings();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const db = openDatabase(databaseLocation(getConfig()), root);
const ctx = { db: db.$client, content: loadKpiContent(root), settings, periods: resolvePeriod({ period: '30' }, settings.timeZone) };
const accounts = evaluateAccounts(ctx);
const started = recordAlerts(db.$client, accounts, settings);
const firing = accounts.reduce((n, a) => n + a.alerts.length, 0);
console.log(`${firing} alert(s) firing, ${started.length} new: ${started.map((s) => `${s.accountName} (${s.kind})`).join(', ') || 'none'}`);
await announceAlerts(db.$client, started, settings);
db.$client.close();
