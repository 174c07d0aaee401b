// `npm run kpi:token -- create <name> | list | revoke <id>`: bearer tokens of the read-only KPI JSON API
// (docs/kpi-api.md). The secret is printed once; only its SHA-256 is stored.
import { resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { getConfig, databaseLocation } from '../src/lib/server/config.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../src/lib/server/kpi/api-tokens.ts';

const USAGE = 'usage: npm run kpi:token -- create "<name, e.g. Looker Studio>" | list | revoke <id>';
const [command, arg] = process.argv.slice(2);
const root = resolve(import.meta.dirname, '..');
const db = openDatabase(databaseLocation(getConfig()), root);
try {
  if (command === 'create') {
    const name = (arg ?? '').trim();
    if (name.length < 1 || name.length > 80) {
      console.error(`kpi:token create: give the token a name of 1–80 characters, e.g. npm run kpi:token -- create "Looker Studio"\n${USAGE}`);
      process.exitCode = 2;
    } else {
      const { id, token } = createApiToken(db.$client, name);
      console.log(`Created KPI API token ${id} (${name}). Copy it now; it is not shown again:\n\n  ${token}\n\nUse: curl -H "Authorization: Bearer ${token}" http://localhost:4321/api/kpi`);
    }
  } else if (command === 'list') {
    const rows = listApiTokens(db.$client);
    if (rows.length === 0) console.log('No KPI API tokens.');
    for (const r of rows) {
      const state = r.revokedAt ? `revoked ${new Date(r.revokedAt).toISOString()}` : `last used ${r.lastUsedAt ? new Date(r.lastUsedAt).toISOString() : 'never'}`;
      console.log(`${r.id}  ${r.name.padEnd(30)} created ${new Date(r.createdAt).toISOString()}  ${state}`);
    }
  } else if (command === 'revoke') {
    if (!arg) {
      console.error(`kpi:token revoke: give the token id shown by "npm run kpi:token -- list"\n${USAGE}`);
      process.exitCode = 2;
    } else if (revokeApiToken(db.$client, arg)) console.log(`Revoked ${arg}.`);
    else {
      console.error(`kpi:token revoke: no active token with id "${arg}" (see npm run kpi:token -- list)`);
      process.exitCode = 1;
    }
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} finally {
  db.$client.close();
}
