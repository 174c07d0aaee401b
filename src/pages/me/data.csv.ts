import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db.ts';
import { csvResponse } from '../../lib/server/kpi/to-csv.ts';
import { myDataToCsv, readMyData } from '../../lib/server/privacy/export-my-data.ts';

export const prerender = false;

/** GET: the signed-in person's own measured data. Whose rows are read comes from the session alone. */
export const GET: APIRoute = ({ locals, redirect }) => {
  const { viewer, t } = locals;
  if (!viewer) return redirect(`/login?next=${encodeURIComponent('/privacy')}`, 303);
  const csv = myDataToCsv(readMyData(getDb().$client, viewer.userId), (c) => t(`privacy.csv.${c}`));
  return csvResponse(csv, `${t('privacy.csv.filename')}-${new Date().toISOString().slice(0, 10)}.csv`);
};
