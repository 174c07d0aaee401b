import type { Db } from '../../../../db/client.ts';
import { getKpiContent } from '../kpi/kpi-service.ts';
import { itemHref } from '../../content/routes.ts';
import { recordClick } from './record-click.ts';

/** Record a click on /r/<token> and say where it leads (the item's page); a bad or expired token leads nowhere. */
export function openTrackedLink(db: Db, token: string, now = Date.now()): { ok: true; href: string } | { ok: false } {
  const r = recordClick(db, token, now);
  if (!r.ok) return r;
  const item = getKpiContent().byKey.get(r.itemKey);
  // An item removed since the mail went out: its list page is the nearest useful place.
  return { ok: true, href: item ? itemHref(item.type, item.key) : '/' };
}
