import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db.ts';
import { listAccountUsers } from '../../../lib/server/accounts/users.ts';
import { forbidden, jsonResponse, unauthorized } from '../../../lib/server/http.ts';

/** GET: the signed-in customer admin's own team. Any account id in the query is ignored on purpose. */
export const GET: APIRoute = ({ locals }) => {
  const { viewer } = locals;
  if (!viewer) return unauthorized();
  if (viewer.role !== 'customer-admin' || !viewer.accountId) return forbidden();
  const members = listAccountUsers(getDb(), viewer.accountId).map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    lastSignInAt: p.lastSignInAt ? new Date(p.lastSignInAt).toISOString() : null,
    disabled: p.disabledAt !== null,
  }));
  return jsonResponse({ accountId: viewer.accountId, members });
};
