// The accounts CLI (`npm run accounts -- …`): parsing, commands and messages. scripts/accounts.ts only
// opens the database and prints; tests call runAccountsCli directly.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { desc } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { accountInput, fieldErrors, inviteInput, userInput, userUpdate } from '../../src/schemas/accounts.ts';
import { createAccount, findAccountBySlug, getAccount, listAccounts, setAccountDisabled, updateAccount } from '../../src/lib/server/accounts/accounts.ts';
import { publicUrl } from '../../src/lib/server/origin/public-origin.ts';
import { inviteWithMail } from '../../src/lib/server/mail/queue-invitation-mail.ts';
import { createUser, findUserByEmail, listAccountUsers, listStaffUsers, setUserDisabled, updateUser } from '../../src/lib/server/accounts/users.ts';
import { importUsersCsv } from '../../src/lib/server/accounts/import-users-csv.ts';
import { createPasswordReset, resetPath } from '../../src/lib/server/auth/password-reset.ts';
import type { Actor } from '../../src/lib/server/accounts/audit.ts';

const root = resolve(import.meta.dirname, '../..');
const MESSAGES = JSON.parse(readFileSync(resolve(root, 'src/i18n/en/auth.json'), 'utf8')) as Record<string, string>;
const ACTOR: Actor = { userId: null, via: 'cli' };

const HELP = `Usage: npm run accounts -- <command> [options]

Accounts (customer companies)
  list-accounts                         all accounts with segment, plan, people and domains
  show-account <slug>                   one account and its people
  create-account --slug acme --name "Acme" --segment high|low|tech --plan starter|business|enterprise
                 --contract-start 2026-04-01 [--csm staff@vendor.example] [--domains acme.example,acme.co.jp]
                 [--auto-assign]        (new sign-ups with a listed domain join this account)
  update-account <slug> [any create-account option; --no-auto-assign to turn it off]
  disable-account <slug> | enable-account <slug>   (disabling signs its people out at once)

People
  list-users [--account <slug>] [--staff]
  create-user --email a@acme.example --name "山田 太郎" --role customer|customer-admin|author|manager|admin
              [--account <slug>] [--locale ja|en]   (customers need --account unless their domain auto-assigns)
  update-user <email> [--name ..] [--role ..] [--account ..] [--locale ..]
  disable-user <email> | enable-user <email>       (disabling ends their sessions at once)
  invite --email a@acme.example --role customer [--account acme] [--locale ja|en]   prints a one-time invitation link and queues the invitation mail
  reset-link <email>                    prints a one-time password-reset link
  import-users <file.csv>               header: email,name[,role][,account][,locale]; all rows or none

Other
  audit [--limit 50]                    latest administrative changes
  help                                  this text

The database is DATABASE_PATH (default db/jisou.sqlite); links use PUBLIC_ORIGIN (default http://localhost:PORT).`;

export class UsageError extends Error {}

function explain(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([field, code]) => `  ${field === 'form' ? '' : `--${kebab(field)}: `}${MESSAGES[`auth.error.${code}`] ?? code}`)
    .join('\n');
}
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);



function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new UsageError(`Missing ${what}. Run "npm run accounts -- help" for the options.`);
  return value;
}

function requireAccount(db: Db, slug: string) {
  const account = findAccountBySlug(db, slug);
  if (!account) throw new UsageError(`No account with handle "${slug}". List them with "npm run accounts -- list-accounts".`);
  return account;
}

function requireUser(db: Db, email: string) {
  const user = findUserByEmail(db, email);
  if (!user) throw new UsageError(`No user with email "${email}". List them with "npm run accounts -- list-users".`);
  return user;
}

type Flags = Record<string, string | boolean | undefined>;

function accountFlags(flags: Flags, base?: ReturnType<typeof getAccount>) {
  const auto = flags['no-auto-assign'] ? false : flags['auto-assign'] ? true : (base?.autoAssignByDomain ?? false);
  return accountInput.safeParse({
    slug: flags.slug ?? base?.slug,
    name: flags.name ?? base?.name,
    segment: flags.segment ?? base?.segment,
    plan: flags.plan ?? base?.plan,
    contractStart: flags['contract-start'] ?? base?.contractStart,
    csmEmail: flags.csm ?? base?.csmEmail ?? '',
    domains: flags.domains ?? base?.domains.join(','),
    autoAssignByDomain: auto,
  });
}

function run(db: Db, command: string, positionals: string[], flags: Flags): string {
  const fmtDate = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '-');
  switch (command) {
    case 'list-accounts': {
      const rows = listAccounts(db);
      return rows.map((a) => `${a.slug.padEnd(20)} ${a.segment.padEnd(5)} ${a.plan.padEnd(10)} ${String(a.userCount).padStart(3)} people  ${a.disabledAt ? '[disabled] ' : ''}${a.name}  ${a.domains.join(',')}${a.autoAssignByDomain ? ' (auto-assign)' : ''}`).join('\n') + `\n${rows.length} accounts`;
    }
    case 'show-account': {
      const account = getAccount(db, requireAccount(db, need(positionals[0], 'the account handle (e.g. acme)')).id)!;
      const people = listAccountUsers(db, account.id);
      return [`${account.name} (${account.slug})`, `  segment ${account.segment}, plan ${account.plan}, contract start ${account.contractStart}`, `  CSM ${account.csmEmail ?? '-'}; domains ${account.domains.join(', ') || '-'}${account.autoAssignByDomain ? ' (auto-assign on)' : ''}${account.disabledAt ? '; DISABLED' : ''}`, ...people.map((p) => `  ${p.email.padEnd(36)} ${p.role.padEnd(15)} ${p.name}  last sign-in ${fmtDate(p.lastSignInAt)}${p.disabledAt ? ' [disabled]' : ''}${p.hasPassword ? '' : ' [no password yet]'}`)].join('\n');
    }
    case 'create-account': {
      const parsed = accountFlags(flags);
      if (!parsed.success) throw new UsageError(`Cannot create the account:\n${explain(fieldErrors(parsed.error))}`);
      const r = createAccount(db, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`Cannot create the account:\n${explain(r.errors)}`);
      return `Created account ${r.value.slug} (${r.value.name}).`;
    }
    case 'update-account': {
      const existing = getAccount(db, requireAccount(db, need(positionals[0], 'the account handle')).id)!;
      const parsed = accountFlags(flags, existing);
      if (!parsed.success) throw new UsageError(`Cannot update the account:\n${explain(fieldErrors(parsed.error))}`);
      const r = updateAccount(db, existing.id, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`Cannot update the account:\n${explain(r.errors)}`);
      return `Updated account ${r.value.slug}.`;
    }
    case 'disable-account':
    case 'enable-account': {
      const account = requireAccount(db, need(positionals[0], 'the account handle'));
      setAccountDisabled(db, account.id, command === 'disable-account', ACTOR);
      return `${command === 'disable-account' ? 'Disabled' : 'Enabled'} account ${account.slug}.`;
    }
    case 'list-users': {
      const rows = flags.staff ? listStaffUsers(db) : flags.account ? listAccountUsers(db, requireAccount(db, String(flags.account)).id) : [...listStaffUsers(db), ...listAccounts(db).flatMap((a) => listAccountUsers(db, a.id))];
      return rows.map((p) => `${p.email.padEnd(36)} ${p.role.padEnd(15)} ${(p.accountSlug ?? '(staff)').padEnd(20)} ${p.name}${p.disabledAt ? ' [disabled]' : ''}`).join('\n') + `\n${rows.length} users`;
    }
    case 'create-user': {
      const parsed = userInput.safeParse({ email: flags.email, name: flags.name, role: flags.role, account: flags.account, locale: flags.locale });
      if (!parsed.success) throw new UsageError(`Cannot create the user:\n${explain(fieldErrors(parsed.error))}`);
      const r = createUser(db, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`Cannot create the user:\n${explain(r.errors)}`);
      return `Created ${r.value.email} (${r.value.role}). They have no password yet: send them "npm run accounts -- invite --email ${r.value.email} --role ${r.value.role}${parsed.data.account ? ` --account ${parsed.data.account}` : ''}".`;
    }
    case 'update-user': {
      const user = requireUser(db, need(positionals[0], 'the user email'));
      const current = listAccountUsers(db, user.accountId ?? '').find((u) => u.id === user.id);
      const parsed = userUpdate.safeParse({ name: flags.name ?? user.name, role: flags.role ?? user.role, locale: flags.locale ?? user.locale, account: flags.account ?? current?.accountSlug ?? '' });
      if (!parsed.success) throw new UsageError(`Cannot update the user:\n${explain(fieldErrors(parsed.error))}`);
      const r = updateUser(db, user.id, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`Cannot update the user:\n${explain(r.errors)}`);
      return `Updated ${user.email}.`;
    }
    case 'disable-user':
    case 'enable-user': {
      const user = requireUser(db, need(positionals[0], 'the user email'));
      setUserDisabled(db, user.id, command === 'disable-user', ACTOR);
      return `${command === 'disable-user' ? 'Disabled' : 'Enabled'} ${user.email}${command === 'disable-user' ? '; their sessions have ended' : ''}.`;
    }
    case 'invite': {
      const parsed = inviteInput.safeParse({ email: flags.email, role: flags.role ?? 'customer', account: flags.account });
      if (!parsed.success) throw new UsageError(`Cannot invite:\n${explain(fieldErrors(parsed.error))}`);
      if (flags.locale !== undefined && flags.locale !== 'ja' && flags.locale !== 'en') throw new UsageError(`--locale: must be ja or en (got "${flags.locale}"); it is the language of the invitation mail.`);
      const locale = flags.locale === 'en' ? 'en' : 'ja';
      const r = inviteWithMail(db, parsed.data, ACTOR, locale);
      if (!r.ok) throw new UsageError(`Cannot invite:\n${explain(r.errors)}`);
      return `Invitation for ${parsed.data.email} (valid ${getConfig().INVITATION_TTL_DAYS} days, once; mail queued in the outbox):\n${r.value.link}`;
    }
    case 'reset-link': {
      const email = need(positionals[0], 'the user email');
      requireUser(db, email);
      const reset = createPasswordReset(db, email);
      if (!reset) throw new UsageError(`${email} is disabled; enable them first with "npm run accounts -- enable-user ${email}".`);
      return `Password-reset link for ${reset.email} (valid ${getConfig().PASSWORD_RESET_TTL_MINUTES} minutes, once):\n${publicUrl(resetPath(reset.token))}`;
    }
    case 'import-users': {
      const file = need(positionals[0], 'the CSV file path');
      let text: Uint8Array;
      try {
        // Bytes, not UTF-8 text: the import detects Shift_JIS/CP932 and UTF-16 as well.
        text = readFileSync(file);
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${(error as Error).message}. Check the path.`);
      }
      const r = importUsersCsv(db, text, ACTOR);
      if (!r.ok) {
        const where = (e: (typeof r.errors)[number]) => (e.column ? `column ${e.column}` : e.field) + (e.value ? ` "${e.value}"` : '') + (e.firstLine ? ` (first on line ${e.firstLine})` : '');
        const lines = r.errors.map((e) => `  ${file}:${e.line}: ${where(e)}: ${MESSAGES[`auth.error.${e.code}`] ?? e.code}`);
        throw new UsageError(`Nothing was imported; fix these rows and run the same command again:\n${lines.join('\n')}`);
      }
      return `Imported ${file}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`;
    }
    case 'audit': {
      const limit = Math.min(Number(flags.limit ?? 50) || 50, 1000);
      const rows = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
      return rows.map((r) => `${fmtDate(r.at)}  ${r.via.padEnd(4)} ${(r.actorUserId ?? '-').padEnd(18)} ${r.action.padEnd(18)} ${r.targetType}:${r.targetId}  ${r.detail}`).join('\n') || 'No changes recorded yet.';
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const OPTIONS: ParseArgsOptionsConfig = {
  help: { type: 'boolean', short: 'h' },
  'auto-assign': { type: 'boolean' },
  'no-auto-assign': { type: 'boolean' },
  staff: { type: 'boolean' },
  ...Object.fromEntries(['slug', 'name', 'segment', 'plan', 'contract-start', 'csm', 'domains', 'email', 'role', 'account', 'locale', 'limit'].map((o) => [o, { type: 'string' }])),
} as const;

/** Run one CLI invocation: exit code 0 done, 1 refused (message says why and how to fix), 2 bad usage. */
export function runAccountsCli(args: string[], openDb: () => Db): CliResult {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return { code: 2, stdout: '', stderr: `${(error as Error).message}\nRun "npm run accounts -- help" for the commands and options.` };
  }
  const [command = 'help', ...rest] = parsed.positionals;
  if (command === 'help' || parsed.values.help) return { code: 0, stdout: HELP, stderr: '' };
  const db = openDb();
  try {
    return { code: 0, stdout: run(db, command, rest, parsed.values as Flags), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { code: 1, stdout: '', stderr: error.message };
    throw error;
  }
}
