export interface WebhookOptions {
  url: string;
  attempts: number;
  backoffMs: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type WebhookResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * POST a JSON body, retrying failures (network errors, 5xx, 429) with exponential backoff:
 * backoffMs, 2×, 4×, … A 4xx other than 429 is the receiver refusing the payload: no retry.
 */
export async function sendWebhook(body: unknown, o: WebhookOptions): Promise<WebhookResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let error = '';
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Jisou-alerts/1' },
        body: JSON.stringify(body),
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
