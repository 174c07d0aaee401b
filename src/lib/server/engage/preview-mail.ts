import type { Db } from '../../../../db/client.ts';
import type { Locale } from '../../../schemas/common.ts';
import { loadPlays } from '../../content/plays.ts';
import { renderMail, type RenderedMail } from '../mail/templates.ts';
import { publicOrigin } from '../origin/public-origin.ts';
import { loadEngageContent, titleIn } from './engage-content.ts';
import { buildSampleMail } from './sample-mail.ts';
import { sendTestMail } from './send-test-mail.ts';

/** Render the mail of a source for the staff person looking, and with `send` queue it to their own address. */
export function previewMail(db: Db, root: string, me: { userId: string; email: string }, source: string, locale: Locale, send: boolean): { ok: true; mail: RenderedMail } | { ok: false } {
  const origin = publicOrigin();
  const sample = buildSampleMail(db, origin, loadEngageContent(root), loadPlays(root).plays, me, { source, locale });
  if (!sample.ok) return sample;
  if (send) sendTestMail(db, me, sample, locale);
  return { ok: true, mail: renderMail(sample.template, locale, sample.payload, origin) };
}

/** What can be previewed: every e-mail announcement, every play, the weekly digest and the alert mail. */
previewMail.sources = (root: string): { value: string; label: string }[] => {
  const content = loadEngageContent(root);
  return [
    ...content.items.filter((i) => i.type === 'announcement').map((i) => ({ value: `announcement:${i.key}`, label: `📣 ${titleIn(i, 'ja')}` })),
    ...loadPlays(root).plays.map((p) => ({ value: `play:${p.key}`, label: `▶ ${p.title.ja} / ${p.title.en}` })),
    { value: 'digest', label: '🗓 週1回まとめ / weekly digest' },
    { value: 'alerts', label: '⚠ アラート / alerts (CSM)' },
  ];
};
