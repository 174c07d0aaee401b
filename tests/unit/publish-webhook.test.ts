import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/schemas/config.ts';
import { detectForge, verifySignature } from '../../src/lib/server/publish/receive-webhook.ts';

const config = configSchema.parse({ PUBLISH_GITHUB_SECRET: 'gh-secret-0123456789', PUBLISH_GITLAB_TOKEN: 'gl-token-0123456789', PUBLISH_GITEA_SECRET: 'gt-secret-0123456789' });
const body = Buffer.from('{"ref":"refs/heads/main"}');
const hmac = (secret: string, b: Buffer) => createHmac('sha256', secret).update(b).digest('hex');
const h = (o: Record<string, string>) => new Headers(o);

describe('publish webhook signatures', () => {
  it('tells the forges apart by their own headers (Gitea also sends GitHub-style ones)', () => {
    expect(detectForge(h({ 'x-github-event': 'push' }))).toBe('github');
    expect(detectForge(h({ 'x-gitlab-event': 'Push Hook' }))).toBe('gitlab');
    expect(detectForge(h({ 'x-gitea-event': 'push', 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00' }))).toBe('gitea');
    expect(detectForge(h({ 'user-agent': 'curl' }))).toBeNull();
  });

  it.each([
    ['github', { 'x-hub-signature-256': `sha256=${hmac('gh-secret-0123456789', body)}` }, 'ok'],
    ['github', { 'x-hub-signature-256': `sha256=${hmac('another-secret-000', body)}` }, 'bad'],
    ['github', { 'x-hub-signature-256': hmac('gh-secret-0123456789', body) }, 'bad'],
    ['github', {}, 'unsigned'],
    ['gitea', { 'x-gitea-signature': hmac('gt-secret-0123456789', body) }, 'ok'],
    ['gitea', { 'x-gitea-signature': hmac('gt-secret-0123456789', Buffer.from('{"ref":"refs/heads/evil"}')) }, 'bad'],
    ['gitea', {}, 'unsigned'],
    ['gitlab', { 'x-gitlab-token': 'gl-token-0123456789' }, 'ok'],
    ['gitlab', { 'x-gitlab-token': 'gl-token-012345678' }, 'bad'],
    ['gitlab', {}, 'unsigned'],
  ] as const)('%s %o → %s', (forge, headers, verdict) => {
    expect(verifySignature(forge, h(headers), body, config)).toBe(verdict);
  });

  it('refuses a forge whose secret is not configured, whatever it sends', () => {
    const bare = configSchema.parse({});
    expect(verifySignature('github', h({ 'x-hub-signature-256': `sha256=${hmac('', body)}` }), body, bare)).toBe('not-configured');
    expect(verifySignature('gitlab', h({ 'x-gitlab-token': '' }), body, bare)).toBe('not-configured');
  });
});
