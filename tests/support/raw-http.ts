import { request } from 'node:http';

/**
 * One HTTP request with exactly the headers given, Host included (fetch picks Host from the URL; a forged
 * Host needs the plain client).
 */
export function rawRequest(
  baseUrl: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(opts.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: url.pathname + url.search, headers: { ...(opts.body ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST a form as a browser on `host` would: Host and Origin agree (both forged or both real). */
export function postFormAs(baseUrl: string, host: string, path: string, fields: Record<string, string>, extra: Record<string, string> = {}) {
  return rawRequest(baseUrl, {
    method: 'POST',
    path,
    headers: { host, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded', ...extra },
    body: new URLSearchParams(fields).toString(),
  });
}
