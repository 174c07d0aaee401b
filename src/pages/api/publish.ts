import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db.ts';
import { getConfig } from '../../lib/server/config.ts';
import { receivePublishWebhook } from '../../lib/server/publish/receive-webhook.ts';

export const prerender = false;

/** Push webhooks from GitHub, GitLab and Gitea (docs/operations.md, "Publishing"). */
export const POST: APIRoute = ({ request, clientAddress }) => receivePublishWebhook(request, getDb(), getConfig(), clientAddress);
