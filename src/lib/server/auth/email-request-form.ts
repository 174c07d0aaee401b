import type { AstroGlobal } from 'astro';
import { email as emailSchema } from '../../../schemas/accounts.ts';
import { getDb } from '../db.ts';
import type { Db } from '../../../../db/client.ts';
import { readFormFields } from '../http.ts';
import { clientIp } from './sign-in.ts';
import type { LimitState } from './rate-limit.ts';
import type { Locale } from '../../../schemas/common.ts';

export interface EmailRequestState {
  errors: Record<string, string>;
  value: string;
  sent: boolean;
}

// The request's locale is the language of a mail to someone we do not know yet (sign-up); never its origin.
type MailRequest = (db: Db, email: string, ip: string, locale: Locale) => LimitState;

/**
 * The "enter your email and we send you a link" forms (password reset, sign-up) behave alike: validate the
 * address, rate-limit, always answer the same way whether the address exists or not.
 */
export async function handleEmailRequestForm(astro: AstroGlobal, request: MailRequest): Promise<EmailRequestState> {
  const state: EmailRequestState = { errors: {}, value: '', sent: false };
  if (astro.request.method !== 'POST') return state;
  const fields = await readFormFields(astro.request);
  state.value = (fields.email ?? '').slice(0, 254);
  const parsed = emailSchema.safeParse(fields.email ?? '');
  if (!parsed.success) {
    state.errors = { email: parsed.error.issues[0]?.message ?? 'invalid_email' };
    astro.response.status = 400;
    return state;
  }
  const limit = request(getDb(), parsed.data, clientIp(astro.request, astro.clientAddress), astro.locals.locale);
  if (limit.blocked) {
    state.errors = { form: 'rate_limited' };
    astro.response.status = 429;
    astro.response.headers.set('Retry-After', String(limit.retryAfterSeconds));
  } else state.sent = true;
  return state;
}
