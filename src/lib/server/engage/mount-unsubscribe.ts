import type { IncomingMessage, ServerResponse } from 'node:http';
import { openOnFirstUse } from '../open-on-first-use.ts';
import type { Config } from '../../../schemas/config.ts';
import en from '../../../i18n/en/engage.json' with { type: 'json' };
import ja from '../../../i18n/ja/engage.json' with { type: 'json' };
import { logError } from '../log.ts';
import { applyUnsubscribe } from './apply-unsubscribe.ts';

const MAX_BODY = 2048;

/**
 * POST /unsubscribe/<token> in front of Astro. Mail clients send the RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`) from their own servers, without an Origin header, which Astro's origin
 * check would refuse; here the signed token is the whole authorisation, and the answer is plain. The
 * confirm page's own form posts here too (`confirm=1`) and is sent back to the page, which then says done.
 */
export function mountUnsubscribe(root: string, config: Config) {
  const db = openOnFirstUse(root, config);
  const handle = (req: IncomingMessage, res: ServerResponse, head: string[]): boolean => {
    if (req.method !== 'POST' || !req.url?.startsWith('/unsubscribe/')) return false;
    // Tokens are base64url: nothing to percent-decode; anything else simply fails the signature check.
    const token = req.url.slice('/unsubscribe/'.length).split('?')[0] ?? '';
    let body = '';
    let tooBig = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (tooBig) return;
      body += chunk;
      if (body.length > MAX_BODY) tooBig = true;
    });
    req.on('end', () => {
      for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
      res.setHeader('cache-control', 'no-store');
      if (tooBig) {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('413: the body is too large for an unsubscribe request.\n');
        return;
      }
      try {
        const r = applyUnsubscribe(db.get(), token);
        if (!r.ok) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`${ja['engage.unsubscribe.invalid']}\n${en['engage.unsubscribe.invalid']}\n`);
          return;
        }
        if (new URLSearchParams(body).get('confirm') === '1') {
          res.writeHead(303, { location: `/unsubscribe/${encodeURIComponent(token)}?done=1` }).end();
          return;
        }
        const m = r.locale === 'en' ? en : ja;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`${m[`engage.unsubscribe.done.${r.category}`]}\n`);
      } catch (error) {
        logError('unsubscribe failed', error);
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('503: try again in a moment.\n');
      }
    });
    return true;
  };
  return { handle, close: db.close };
}
