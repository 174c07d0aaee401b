import { z } from 'zod';
import type { Locale } from '../../../schemas/common.ts';

// Mail of the engage feature (announcements, digests, plays, alerts): a heading, a paragraph, a list of
// links, and a footer that says why the person gets it and where to change that. Customer mail carries a
// one-click unsubscribe link (RFC 8058) for the kind of mail it is; staff mail (alerts) links to the
// preferences only. No images and no tracking pixels: the only measurement is the person's click.

const link = z.url({ protocol: /^https?$/ });
const entry = z.object({ title: z.string().min(1).max(200), href: link, note: z.string().max(300).optional() });
const customerMail = { unsubscribe: link, preferences: link };

export const ENGAGE_TEMPLATES = {
  /** An announcement mailed when it is published (to people who chose "immediately"). */
  announcement: { payload: z.object({ title: z.string().min(1).max(200), summary: z.string().max(600), items: z.array(entry).max(12), ...customerMail }), secret: [] },
  /** The week's announcements, to people who chose "weekly digest". */
  'announcement-digest': { payload: z.object({ items: z.array(entry).min(1).max(60), ...customerMail }), secret: [] },
  /** A play's nudge to the people of an account (texts written by CS in content/plays/*.yaml). */
  play: { payload: z.object({ subject: z.string().min(1).max(200), intro: z.string().min(1).max(2000), items: z.array(entry).max(12), ...customerMail }), secret: [] },
  /** A play's note to the account's CSM (staff mail). */
  'play-csm': { payload: z.object({ subject: z.string().min(1).max(200), intro: z.string().min(1).max(2000), account: z.string().max(120), link, preferences: link }), secret: [] },
  /** New alerts of a CSM's accounts: one (immediately) or the day's (daily digest). Staff mail. */
  alerts: { payload: z.object({ alerts: z.array(z.object({ account: z.string().max(120), reason: z.string().max(300), href: link })).min(1).max(200), preferences: link }), secret: [] },
} as const satisfies Record<string, { payload: z.ZodType; secret: readonly string[] }>;

export type EngageTemplate = keyof typeof ENGAGE_TEMPLATES;

// The signed links of engage mail (src/lib/server/engage/mail-links.ts): one-click unsubscribe, which never
// expires, and tracked links, which credit a click to the person. Both are as good as the person's own click,
// so they leave the outbox with the mail.
const TOKEN_LINK = /^\/(unsubscribe|r)\/[^/]+$/;

/** The link with its token replaced: still a URL of the same page (the dev mailbox can show the mail), opening nothing. */
function withoutToken(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  if (!TOKEN_LINK.test(url.pathname)) return href;
  url.pathname = url.pathname.replace(/[^/]+$/, 'removed-after-sending');
  return url.toString();
}

/** Every signed link anywhere in an engage payload taken out (titles, texts and plain links are kept). */
export function scrubEngageLinks(value: unknown): unknown {
  if (typeof value === 'string') return withoutToken(value);
  if (Array.isArray(value)) return value.map(scrubEngageLinks);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubEngageLinks(v)]));
  return value;
}

export function isEngageTemplate(name: string): name is EngageTemplate {
  return Object.hasOwn(ENGAGE_TEMPLATES, name);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Parts {
  subject: string;
  heading: string;
  paragraphs: string[];
  items: { title: string; href: string; note?: string }[];
  reason: string;
  preferences: string;
  unsubscribe?: string;
  unsubscribeLabel: string;
  preferencesLabel: string;
  footer: string;
}

function compose(locale: Locale, p: Parts) {
  const text = [
    p.heading,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...p.items.flatMap((i) => [`■ ${i.title}`, ...(i.note ? [`  ${i.note}`] : []), `  ${i.href}`, '']),
    '-- ',
    p.reason,
    `${p.preferencesLabel}: ${p.preferences}`,
    ...(p.unsubscribe ? [`${p.unsubscribeLabel}: ${p.unsubscribe}`] : []),
    p.footer,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(p.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:system-ui,-apple-system,\'Hiragino Sans\',\'Noto Sans JP\',Meiryo,sans-serif;line-height:1.7;color:#1f2937">',
    `<tr><td style="padding:24px 24px 8px"><h1 style="font-size:20px;margin:0">${escapeHtml(p.heading)}</h1></td></tr>`,
    ...p.paragraphs.map((x) => `<tr><td style="padding:4px 24px"><p style="margin:0 0 8px">${escapeHtml(x).replace(/\n/g, '<br>')}</p></td></tr>`),
    ...p.items.map(
      (i) =>
        `<tr><td style="padding:6px 24px"><a href="${escapeHtml(i.href)}" style="color:#1d4ed8;font-weight:600;text-decoration:underline">${escapeHtml(i.title)}</a>${i.note ? `<br><span style="font-size:14px;color:#4b5563">${escapeHtml(i.note)}</span>` : ''}</td></tr>`,
    ),
    '<tr><td style="padding:16px 24px 24px"><hr style="border:none;border-top:1px solid #e5e7eb">',
    `<p style="font-size:12px;color:#6b7280;margin:8px 0">${escapeHtml(p.reason)}</p>`,
    `<p style="font-size:12px;color:#6b7280;margin:8px 0"><a href="${escapeHtml(p.preferences)}" style="color:#4b5563">${escapeHtml(p.preferencesLabel)}</a>${p.unsubscribe ? ` · <a href="${escapeHtml(p.unsubscribe)}" style="color:#4b5563">${escapeHtml(p.unsubscribeLabel)}</a>` : ''}</p>`,
    `<p style="font-size:12px;color:#9ca3af;margin:8px 0">${escapeHtml(p.footer)}</p>`,
    '</td></tr></table></td></tr></table></body></html>',
  ].join('\n');
  // RFC 8058: a mail client may unsubscribe with one POST, without opening a page.
  const headers: Record<string, string> = p.unsubscribe ? { 'List-Unsubscribe': `<${p.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
  return { subject: p.subject, text, html, headers, customer: Boolean(p.unsubscribe) };
}

/** Render an engage mail; `say(key, params)` reads `mail.<key>` in the recipient's language. */
export function renderEngageMail(template: EngageTemplate, locale: Locale, payload: unknown, say: (key: string, params?: Record<string, unknown>) => string) {
  const common = { preferencesLabel: say('engage.preferences'), unsubscribeLabel: say('engage.unsubscribe'), footer: say('footer') };
  switch (template) {
    case 'announcement': {
      const d = ENGAGE_TEMPLATES.announcement.payload.parse(payload);
      return compose(locale, { ...common, subject: say('announcement.subject', { title: d.title }), heading: d.title, paragraphs: d.summary ? [d.summary] : [], items: d.items, reason: say('engage.reason.announcement'), preferences: d.preferences, unsubscribe: d.unsubscribe });
    }
    case 'announcement-digest': {
      const d = ENGAGE_TEMPLATES['announcement-digest'].payload.parse(payload);
      return compose(locale, { ...common, subject: say('announcement-digest.subject', { count: d.items.length }), heading: say('announcement-digest.heading'), paragraphs: [], items: d.items, reason: say('engage.reason.digest'), preferences: d.preferences, unsubscribe: d.unsubscribe });
    }
    case 'play': {
      const d = ENGAGE_TEMPLATES.play.payload.parse(payload);
      return compose(locale, { ...common, subject: d.subject, heading: d.subject, paragraphs: [d.intro], items: d.items, reason: say('engage.reason.play'), preferences: d.preferences, unsubscribe: d.unsubscribe });
    }
    case 'play-csm': {
      const d = ENGAGE_TEMPLATES['play-csm'].payload.parse(payload);
      return compose(locale, { ...common, subject: d.subject, heading: d.subject, paragraphs: [d.intro], items: [{ title: d.account, href: d.link }], reason: say('engage.reason.csm'), preferences: d.preferences });
    }
    case 'alerts': {
      const d = ENGAGE_TEMPLATES.alerts.payload.parse(payload);
      const one = d.alerts.length === 1;
      return compose(locale, {
        ...common,
        subject: one ? say('alerts.subject-one', { account: d.alerts[0]!.account }) : say('alerts.subject-many', { count: d.alerts.length }),
        heading: say('alerts.heading'),
        paragraphs: [],
        items: d.alerts.map((a) => ({ title: a.account, note: a.reason, href: a.href })),
        reason: say('engage.reason.alerts'),
        preferences: d.preferences,
      });
    }
  }
}
