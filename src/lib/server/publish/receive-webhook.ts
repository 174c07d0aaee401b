import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../../../db/client.ts';
import type { Config } from '../../../schemas/config.ts';
import { logEvent } from '../log.ts';
import { rememberDelivery } from './publish-history.ts';
import { requestPublish } from './request-publish.ts';

export type Forge = 'github' | 'gitlab' | 'gitea';

/** A push payload is a few kB; anything past this is refused unread. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

/** Which forge sent it, by its own headers (Gitea also sends GitHub's, so it is recognised first). */
export function detectForge(headers: Headers): Forge | null {
  if (headers.has('x-gitea-event') || headers.has('x-gitea-delivery')) return 'gitea';
  if (headers.has('x-gitlab-event') || headers.has('x-gitlab-token')) return 'gitlab';
  if (headers.has('x-github-event') || headers.has('x-hub-signature-256')) return 'github';
  return null;
}

const sameBytes = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
const hmacHex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

/** Each forge's scheme: GitHub `sha256=<hex HMAC>`, Gitea `<hex HMAC>` of the raw body, GitLab the secret token itself. */
export function verifySignature(forge: Forge, headers: Headers, body: Buffer, config: Config): 'ok' | 'unsigned' | 'bad' | 'not-configured' {
  if (forge === 'github') {
    if (!config.PUBLISH_GITHUB_SECRET) return 'not-configured';
    const sig = headers.get('x-hub-signature-256');
    if (!sig) return 'unsigned';
    return sameBytes(sig, `sha256=${hmacHex(config.PUBLISH_GITHUB_SECRET, body)}`) ? 'ok' : 'bad';
  }
  if (forge === 'gitea') {
    if (!config.PUBLISH_GITEA_SECRET) return 'not-configured';
    const sig = headers.get('x-gitea-signature');
    if (!sig) return 'unsigned';
    return sameBytes(sig.toLowerCase(), hmacHex(config.PUBLISH_GITEA_SECRET, body)) ? 'ok' : 'bad';
  }
  if (!config.PUBLISH_GITLAB_TOKEN) return 'not-configured';
  const token = headers.get('x-gitlab-token');
  if (!token) return 'unsigned';
  return sameBytes(token, config.PUBLISH_GITLAB_TOKEN) ? 'ok' : 'bad';
}

function deliveryIdOf(forge: Forge, headers: Headers): string | null {
  const raw = forge === 'github' ? headers.get('x-github-delivery') : forge === 'gitea' ? headers.get('x-gitea-delivery') : (headers.get('x-gitlab-event-uuid') ?? headers.get('x-gitlab-webhook-uuid'));
  return raw && /^[A-Za-z0-9._:-]{1,100}$/.test(raw) ? raw : null;
}

const isPush = (forge: Forge, headers: Headers) =>
  forge === 'gitlab' ? headers.get('x-gitlab-event') === 'Push Hook' : (headers.get(forge === 'gitea' ? 'x-gitea-event' : 'x-github-event') ?? '') === 'push';

/**
 * POST /api/publish: a push webhook from GitHub, GitLab or Gitea. Checked in this order: forge known →
 * signature valid (the secret in config) → delivery not seen before → a push to PUBLISH_BRANCH. Only then
 * is a publish run queued (in the background, one at a time). Every refusal is logged with the reason.
 */
export async function receivePublishWebhook(request: Request, db: Db, config: Config, remote: string): Promise<Response> {
  const forge = detectForge(request.headers);
  const refuse = (status: number, reason: string, extra: Record<string, unknown> = {}) => {
    logEvent('warn', 'publish webhook refused', { forge, reason, remote, ...extra });
    return json(status, { error: reason });
  };
  if (!forge) return refuse(400, 'unknown sender: expected a GitHub, GitLab or Gitea push webhook (see docs/operations.md, "Publishing")');
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > WEBHOOK_MAX_BYTES) return refuse(413, 'payload too large');
  const body = Buffer.from(await request.arrayBuffer());
  if (body.length > WEBHOOK_MAX_BYTES) return refuse(413, 'payload too large');
  const verdict = verifySignature(forge, request.headers, body, config);
  if (verdict === 'not-configured') return refuse(401, `no ${forge} webhook secret is configured on this server`);
  if (verdict === 'unsigned') return refuse(401, 'unsigned request');
  if (verdict === 'bad') return refuse(401, 'bad signature');
  const event = forge === 'gitlab' ? request.headers.get('x-gitlab-event') : request.headers.get(forge === 'gitea' ? 'x-gitea-event' : 'x-github-event');
  if (forge === 'github' && event === 'ping') return json(200, { ok: true, pong: true });
  const delivery = deliveryIdOf(forge, request.headers);
  if (!delivery) return refuse(400, 'missing or malformed delivery id header');
  if (!rememberDelivery(db, forge, delivery)) return refuse(409, 'delivery already received (replay)', { delivery });
  if (!isPush(forge, request.headers)) return json(202, { ok: true, ignored: `event ${event ?? 'unknown'} is not a push` });
  let payload: { ref?: unknown; pusher?: { name?: unknown; email?: unknown }; user_username?: unknown; user_email?: unknown };
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(400, 'the payload must be JSON (GitHub: set the content type to application/json)');
  }
  if (payload.ref !== `refs/heads/${config.PUBLISH_BRANCH}`) return json(202, { ok: true, ignored: `push to ${String(payload.ref)}, not ${config.PUBLISH_BRANCH}` });
  const who = payload.pusher?.email ?? payload.pusher?.name ?? payload.user_email ?? payload.user_username;
  const queued = requestPublish(forge, typeof who === 'string' ? who.slice(0, 200) : null);
  if (!queued) return json(503, { error: 'this server was not started with npm start (no supervisor to publish)' });
  logEvent('info', 'publish webhook accepted', { forge, delivery, ref: payload.ref });
  return json(202, { ok: true, queued: true, delivery });
}
