import { createHmac } from 'node:crypto';

export interface WebhookOptions {
  url: string;
  attempts: number;
  backoffMs: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** HMAC-SHA256 key: the receiver checks `X-Jisou-Signature` (see signWebhookBody). */
  secret?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type WebhookResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * POST a JSON body, retrying failures (network errors, 5xx, 429) with exponential backoff:
 * backoffMs, 2×, 4×, … A 4xx other than 429 is the receiver refusing the payload: no retry.
 */
/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe and Slack do: the timestamp inside the
 * signed text lets a receiver refuse replays older than a few minutes.
 */
export function signWebhookBody(body: string, secret: string, at: number): string {
  const t = Math.floor(at / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export async function sendWebhook(body: unknown, o: WebhookOptions): Promise<WebhookResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let error = '';
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    try {
      const text = JSON.stringify(body);
      const signature: Record<string, string> = o.secret ? { 'x-jisou-signature': signWebhookBody(text, o.secret, (o.now ?? Date.now)()) } : {};
      const res = await fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Jisou-alerts/1', ...signature },
        body: text,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      if (res.ok) return { ok: true, attempts: attempt };
      error = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) return { ok: false, attempts: attempt, error };
    } catch (e) {
      error = (e as Error).message;
    }
    if (attempt < o.attempts) await sleep(o.backoffMs * 2 ** (attempt - 1));
  }
  return { ok: false, attempts: o.attempts, error };
}
