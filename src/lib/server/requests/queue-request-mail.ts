import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, users } from '../../../../db/schema/index.ts';
import ja from '../../../i18n/ja/request.json' with { type: 'json' };
import en from '../../../i18n/en/request.json' with { type: 'json' };
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { publicUrl } from '../origin/public-origin.ts';

const TOPICS: Record<'ja' | 'en', Record<string, string>> = { ja, en };

/**
 * Mail the account's CSM about a new request, in the CSM's language, through the outbox (call inside the
 * transaction that stores the request). Accounts without a CSM get none: the request waits on /manage/requests.
 */
export function queueRequestMailToCsm(db: Db, request: { id: string; accountId: string; topic: string; message: string }, now = Date.now()): boolean {
  const row = db
    .select({ account: accounts.name, email: users.email, locale: users.locale, disabledAt: users.disabledAt })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.csmUserId))
    .where(eq(accounts.id, request.accountId))
    .get();
  if (!row || row.disabledAt !== null) return false;
  const locale = row.locale === 'en' ? 'en' : 'ja';
  const excerpt = request.message.length > 300 ? `${request.message.slice(0, 299)}…` : request.message;
  enqueueMail(db, {
    to: row.email,
    template: 'support-request',
    locale,
    payload: { link: publicUrl('/manage/requests'), account: row.account.slice(0, 120), topic: TOPICS[locale][`request.topic.${request.topic}`] ?? request.topic, excerpt },
    idempotencyKey: `support-request:${request.id}`,
  }, now);
  return true;
}
