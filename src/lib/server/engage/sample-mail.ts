import type { Db } from '../../../../db/client.ts';
import type { Locale } from '../../../schemas/common.ts';
import type { Play } from '../../../schemas/play.ts';
import type { MailPayload, MailTemplate } from '../mail/templates.ts';
import { descriptionIn, titleIn, type EngageContent } from './engage-content.ts';
import { preferencesLink, trackedLink, unsubscribeLink } from './mail-links.ts';

export interface SampleRequest {
  /** `announcement:<key>`, `play:<key>`, `digest` or `alerts`. */
  source: string;
  locale: Locale;
}

export type Sample = { ok: true; template: MailTemplate; payload: MailPayload<MailTemplate>; label: string } | { ok: false };

/**
 * The mail a source would send, filled for the staff person looking (their own links): the preview on
 * /manage/engage/preview and its test send. Unknown sources are refused.
 */
export function buildSampleMail(db: Db, origin: string, content: EngageContent, plays: Play[], viewer: { userId: string }, req: SampleRequest, now = Date.now()): Sample {
  const me = { userId: viewer.userId, accountId: '' };
  const link = (key: string, kind: string, sourceKey: string) => trackedLink(db, origin, me, key, { kind, key: sourceKey }, 1, now);
  const customer = (category: 'announcements' | 'nudges') => ({ unsubscribe: unsubscribeLink(db, origin, viewer.userId, category), preferences: preferencesLink(origin) });
  const [kind, key = ''] = req.source.split(':');
  if (kind === 'announcement') {
    const a = content.byKey.get(key);
    if (!a || a.type !== 'announcement') return { ok: false };
    const targets = [a, ...a.refs.map((k) => content.byKey.get(k)).filter((i) => i !== undefined)];
    return { ok: true, template: 'announcement', label: titleIn(a, req.locale), payload: { title: titleIn(a, req.locale), summary: descriptionIn(a, req.locale), items: targets.map((t) => ({ title: titleIn(t, req.locale), href: link(t.key, 'test', a.key) })), ...customer('announcements') } };
  }
  if (kind === 'play') {
    const p = plays.find((x) => x.key === key);
    if (!p) return { ok: false };
    const items = (p.recommend?.keys ?? []).map((k) => content.byKey.get(k)).filter((i) => i !== undefined);
    const fallback = content.items.filter((i) => i.type !== 'announcement' && i.type !== 'roadmap' && (typeof p.recommend?.level === 'number' ? i.level === p.recommend.level : true)).slice(0, p.recommend?.count ?? 3);
    const picked = items.length ? items : p.recommend ? fallback : [];
    return { ok: true, template: 'play', label: p.title[req.locale], payload: { subject: p.mail.subject[req.locale], intro: p.mail.intro[req.locale], items: picked.map((i) => ({ title: titleIn(i, req.locale), href: link(i.key, 'test', p.key) })), ...customer('nudges') } };
  }
  if (kind === 'digest') {
    const list = content.items.filter((i) => i.type === 'announcement').slice(0, 3);
    if (!list.length) return { ok: false };
    return { ok: true, template: 'announcement-digest', label: 'digest', payload: { items: list.map((i) => ({ title: titleIn(i, req.locale), note: descriptionIn(i, req.locale), href: link(i.key, 'test', 'digest') })), ...customer('announcements') } };
  }
  if (kind === 'alerts') {
    const href = new URL('/manage/alerts', origin).toString();
    const sample = req.locale === 'en' ? ['Sample account', 'No viewing time for 30 days'] : ['サンプル株式会社', '30日間視聴がありません'];
    return { ok: true, template: 'alerts', label: 'alerts', payload: { alerts: [{ account: sample[0]!, reason: sample[1]!, href }], preferences: preferencesLink(origin) } };
  }
  return { ok: false };
}
