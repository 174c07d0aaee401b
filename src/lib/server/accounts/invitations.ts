import { and, eq, gt, isNull } from 'drizzle-orm';
import { invitations, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import type { InviteInput } from '../../../schemas/accounts.ts';
import { getConfig } from '../config.ts';
import { checkNewPassword, hashPassword } from '../auth/password.ts';
import { generateId, generateSecretToken, hashToken, isWellFormedToken } from '../auth/tokens.ts';
import { recordAudit, type Actor } from './audit.ts';
import { fail, ok, type Result } from './result.ts';
import { findUserByEmail, resolveAccountFor } from './users.ts';

const DAY = 86_400_000;

export type InvitationRow = typeof invitations.$inferSelect;

/** Path of the one-time link; the token exists only in this link, the database keeps its hash. */
export const invitationPath = (token: string) => `/invite/${token}`;

/**
 * Invite someone (staff or customer). A person who already has a password cannot be invited again;
 * earlier open invitations for the same email stop working.
 */
export function createInvitation(db: Db, input: InviteInput, actor: Actor, now = Date.now()): Result<{ token: string; invitation: InvitationRow }> {
  const existing = findUserByEmail(db, input.email);
  if (existing?.passwordHash) return fail({ email: 'already_registered' });
  if (existing?.disabledAt) return fail({ email: 'user_disabled' });
  const account = resolveAccountFor(db, input.role, input.account, input.email);
  if (!account.ok) return account;
  const token = generateSecretToken();
  const invitation: InvitationRow = {
    id: generateId(),
    tokenHash: hashToken(token),
    email: input.email,
    role: input.role,
    accountId: account.value,
    invitedByUserId: actor.userId,
    createdAt: now,
    expiresAt: now + getConfig().INVITATION_TTL_DAYS * DAY,
    acceptedAt: null,
  };
  db.transaction(() => {
    db.update(invitations).set({ expiresAt: now }).where(and(eq(invitations.email, input.email), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now))).run();
    db.insert(invitations).values(invitation).run();
    recordAudit(db, actor, 'invitation.create', { type: 'invitation', id: invitation.id }, { email: input.email, role: input.role, accountId: account.value }, now);
  });
  return ok({ token, invitation });
}

/** The open invitation behind a link, or null (unknown, used or expired links all look the same). */
export function findOpenInvitation(db: Db, token: string, now = Date.now()): InvitationRow | null {
  if (!isWellFormedToken(token)) return null;
  const row = db.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).get();
  if (!row || row.acceptedAt !== null || row.expiresAt <= now) return null;
  return row;
}

/**
 * The role and account accepting this invitation gives. An invitation proves identity (the mailbox),
 * not authority: when the person already exists, their current role and account win, so an old link
 * cannot undo a demotion or a move made after it was sent. Only a brand-new person takes the
 * invitation's role and account.
 */
export function invitationGrant(db: Db, invitation: Pick<InvitationRow, 'email' | 'role' | 'accountId'>): { role: InvitationRow['role']; accountId: string | null } {
  const existing = findUserByEmail(db, invitation.email);
  return existing ? { role: existing.role, accountId: existing.accountId } : { role: invitation.role, accountId: invitation.accountId };
}

/** Invitee sets name and password: the person is created (or completed) and the link is spent. */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; password: string; confirm: string },
  now = Date.now(),
): Promise<Result<{ userId: string; email: string }>> {
  const invitation = findOpenInvitation(db, token, now);
  if (!invitation) return fail({ form: 'invitation_invalid' });
  if (input.password !== input.confirm) return fail({ confirm: 'password_mismatch' });
  const problem = checkNewPassword(input.password, invitation.email);
  if (problem) return fail({ password: `password_${problem}` });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(() => {
    // Re-check inside the transaction: two tabs submitting the same link must not both succeed.
    const still = db.select({ acceptedAt: invitations.acceptedAt }).from(invitations).where(eq(invitations.id, invitation.id)).get();
    if (!still || still.acceptedAt !== null) return fail({ form: 'invitation_invalid' });
    const existing = findUserByEmail(db, invitation.email);
    if (existing?.passwordHash || existing?.disabledAt) return fail({ form: 'invitation_invalid' });
    let userId: string;
    if (existing) {
      userId = existing.id;
      // Identity only: role and account stay as they are now (see invitationGrant).
      db.update(users).set({ name: input.name, passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
    } else {
      userId = generateId();
      db.insert(users).values({ id: userId, email: invitation.email, name: input.name, role: invitation.role, accountId: invitation.accountId, passwordHash, createdAt: now, updatedAt: now }).run();
    }
    db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id)).run();
    recordAudit(db, { userId, via: 'self' }, 'invitation.accept', { type: 'invitation', id: invitation.id }, { email: invitation.email }, now);
    return ok({ userId, email: invitation.email });
  });
}
