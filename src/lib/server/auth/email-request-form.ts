import type { AstroGlobal } from 'astro';
import { email as emailSchema } from '../../../schemas/accounts.ts';
import { getDb } from '../db.ts';
import type { Db } from '../../../../db/client.ts';
import { readFormFields } from '../http.ts';
import { clientIp } from './sign-in.ts';
import type { LimitState } from './rate-limit.ts';

export interface EmailRequestState {
  errors: Record<string, string>;
  value: string;
  sent: boolean;
}

type MailRequest = (db: Db, email: string, ip: string, origin: string) => Promise<LimitState>;

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
  const limit = await request(getDb(), parsed.data, clientIp(astro.request, astro.clientAddress), astro.url.origin);
  if (limit.blocked) {
    state.errors = { form: 'rate_limited' };
    astro.response.status = 429;
    astro.response.headers.set('Retry-After', String(limit.retryAfterSeconds));
  } else state.sent = true;
  return state;
}
