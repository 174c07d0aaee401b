import type { Db } from '../../../../db/client.ts';
import type { Locale } from '../../../schemas/common.ts';
import type { InviteInput } from '../../../schemas/accounts.ts';
import type { Actor } from '../accounts/audit.ts';
import { createInvitation, invitationPath } from '../accounts/invitations.ts';
import type { Result } from '../accounts/result.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { getConfig } from '../config.ts';
import { publicUrl } from '../origin/public-origin.ts';
import { enqueueMail } from './enqueue-mail.ts';

/**
 * Invite someone and queue the invitation mail in the same transaction (admin pages, `npm run accounts --
 * invite`). The mail is in the person's saved language when they already exist (re-invitation), else in
 * the language the inviter works in. The caller still gets the link to show, for installations without a
 * mail relay. Returns createInvitation's result unchanged.
 */
export function inviteWithMail(db: Db, input: InviteInput, actor: Actor, inviterLocale: Locale, now = Date.now()): Result<{ token: string; link: string }> {
  return db.transaction(() => {
    const created = createInvitation(db, input, actor, now);
    if (!created.ok) return created;
    const { invitation, token } = created.value;
    const link = publicUrl(invitationPath(token));
    enqueueMail(
      db,
      {
        to: invitation.email,
        template: 'invitation',
        locale: findUserByEmail(db, invitation.email)?.locale ?? inviterLocale,
        payload: { link, days: getConfig().INVITATION_TTL_DAYS },
        idempotencyKey: `invitation:${invitation.id}`,
        expiresAt: invitation.expiresAt,
      },
      now,
    );
    return { ok: true as const, value: { token, link } };
  });
}
