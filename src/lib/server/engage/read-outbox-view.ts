import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { renderMail } from '../mail/templates.ts';
import { publicOrigin } from '../origin/public-origin.ts';
import { listOutbox, readOutboxMail } from './list-outbox.ts';

/** The dev mailbox page: the latest rows, and one mail rendered as its recipient gets it (if still renderable). */
export function readOutboxView(db: Db, id: number | null) {
  const rows = listOutbox(db, 200);
  let open: { subject: string; recipient: string; state: string; html: string | null; text: string | null } | 'missing' | null = null;
  if (id !== null) {
    const row = readOutboxMail(db, id);
    if (!row) open = 'missing';
    else {
      try {
        const m = renderMail(row.template, row.locale, JSON.parse(row.payload), publicOrigin());
        open = { subject: m.subject, recipient: row.recipient, state: row.state, html: m.html, text: m.text };
      } catch {
        // A sent reset or invitation mail has its link blanked: the page says so instead of showing a dead link.
        open = { subject: row.template, recipient: row.recipient, state: row.state, html: null, text: null };
      }
    }
  }
  return { rows, open, smtp: Boolean(getConfig().SMTP_URL) };
}
