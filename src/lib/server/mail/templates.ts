import { z } from 'zod';
import type { Locale } from '../../../schemas/common.ts';
import en from '../../../i18n/en/mail.json' with { type: 'json' };
import ja from '../../../i18n/ja/mail.json' with { type: 'json' };
import { ENGAGE_TEMPLATES, isEngageTemplate, renderEngageMail, scrubEngageLinks } from './engage-templates.ts';

// The texts live in the i18n message files; imported as JSON (not through src/i18n/index.ts, whose
// import.meta.glob exists only inside Astro's bundle) so the sender in scripts/start.ts and the engage CLI
// render the same mail as the pages would.
const MESSAGES: Record<Locale, Record<string, string>> = { ja, en };

const link = z.url({ protocol: /^https?$/ });

/**
 * Every mail Jisou sends: the payload each template needs (checked when the mail is queued and again when
 * it is rendered) and which fields are secrets (links carrying a one-time token), blanked in the outbox once
 * the mail is sent or given up, so an old outbox row cannot be replayed.
 */
export const MAIL_TEMPLATES = {
  'password-reset': { payload: z.object({ link, minutes: z.number().positive() }), secret: ['link'] },
  'sign-up': { payload: z.object({ link, days: z.number().positive() }), secret: ['link'] },
  invitation: { payload: z.object({ link, days: z.number().positive() }), secret: ['link'] },
  /** To the account's CSM: a customer wrote through 「困ったときは / Contact us」 (the link needs a staff sign-in). */
  'support-request': { payload: z.object({ link, account: z.string().max(120), topic: z.string().max(80), excerpt: z.string().max(400) }), secret: [] },
  // Community events (issue 17): the confirmation when a person registers and the reminder the day before.
  'event-registration': { payload: z.object({ link, title: z.string().max(200), when: z.string().max(80), place: z.string().max(300) }), secret: [] },
  'event-reminder': { payload: z.object({ link, title: z.string().max(200), when: z.string().max(80), place: z.string().max(300) }), secret: [] },
  ...ENGAGE_TEMPLATES,
} as const satisfies Record<string, { payload: z.ZodType; secret: readonly string[] }>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;
export type MailPayload<T extends MailTemplate> = z.input<(typeof MAIL_TEMPLATES)[T]['payload']>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post on customer mail). */
  headers?: Record<string, string>;
  /** Customer mail: sent with MAIL_REPLY_TO so answers reach CS, not no-reply. */
  customer?: boolean;
}

export function isMailTemplate(name: string): name is MailTemplate {
  return Object.hasOwn(MAIL_TEMPLATES, name);
}

function fill(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined ? m : String(params[name])));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Subject, plain text and HTML of one mail in the recipient's language. The HTML part is the same words
 * with the link as a button-like anchor; clients that show only text get the link on its own line.
 */
export function renderMail(template: string, locale: Locale, payload: unknown, origin: string): RenderedMail {
  if (!isMailTemplate(template)) throw new Error(`unknown mail template "${template}"`);
  if (isEngageTemplate(template)) {
    const m = MESSAGES[locale];
    return renderEngageMail(template, locale, payload, (key, params = {}) => fill(m[`mail.${key}`] ?? MESSAGES.ja[`mail.${key}`] ?? key, { origin, ...params }));
  }
  const params = MAIL_TEMPLATES[template].payload.parse(payload) as Record<string, unknown> & { link: string };
  const m = MESSAGES[locale];
  const say = (key: string) => fill(m[`mail.${template}.${key}`] ?? MESSAGES.ja[`mail.${template}.${key}`] ?? key, params);
  const footer = fill(m['mail.footer'] ?? '', { origin });
  const [intro, action, note] = [say('intro'), say('action'), say('note')];
  const text = `${intro}\n\n${params.link}\n\n${note}\n\n-- \n${footer}\n`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(say('subject'))}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,\'Hiragino Sans\',\'Noto Sans JP\',sans-serif;line-height:1.7;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">',
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${escapeHtml(params.link)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p>`,
    `<p style="font-size:13px;color:#4b5563">${escapeHtml(params.link)}</p>`,
    `<p>${escapeHtml(note)}</p>`,
    `<hr style="border:none;border-top:1px solid #e5e7eb"><p style="font-size:12px;color:#6b7280">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: say('subject'), text, html };
}

/**
 * The payload with its secrets taken out (kept in the outbox after the mail is done with): one-time links
 * blanked, the signed links of engage mail (unsubscribe, tracked /r/ links) made to lead nowhere. What the
 * pages read stays: titles and texts (the dev mailbox still shows an engage mail, with dead links).
 */
export function scrubPayload(template: string, payload: string): string {
  if (!isMailTemplate(template)) return payload;
  try {
    let data = JSON.parse(payload) as Record<string, unknown>;
    for (const field of MAIL_TEMPLATES[template].secret) if (field in data) data[field] = '(removed after sending)';
    if (isEngageTemplate(template)) data = scrubEngageLinks(data) as Record<string, unknown>;
    return JSON.stringify(data);
  } catch {
    return '{}';
  }
}
