// The accounts CLI (`npm run accounts -- …`): parsing, commands and messages. scripts/accounts.ts only
// opens the database and prints; tests call runAccountsCli directly.
import { readFileSync } from 'node:fs';
import { cliLocale, cliMessages, type CliLocale } from './cli-messages.ts';
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
// Messages follow JISOU_LANG / LC_ALL / LANG (src/i18n/<locale>/accounts-cli.json; field errors from auth.json).
let t = cliMessages('accounts-cli', 'en', root);
let authText = cliMessages('auth', 'en', root);
const ACTOR: Actor = { userId: null, via: 'cli' };



export class UsageError extends Error {}

function explain(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([field, code]) => `  ${field === 'form' ? '' : `--${kebab(field)}: `}${errorText(code)}`)
    .join('\n');
}
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** An error code's sentence from auth.json, or the code itself when it has none. */
const errorText = (code: string) => {
  const text = authText(`auth.error.${code}`);
  return text === `auth.error.${code}` ? code : text;
};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new UsageError(t('accounts.missing', { what }));
  return value;
}

function requireAccount(db: Db, slug: string) {
  const account = findAccountBySlug(db, slug);
  if (!account) throw new UsageError(t('accounts.noAccount', { slug }));
  return account;
}

function requireUser(db: Db, email: string) {
  const user = findUserByEmail(db, email);
  if (!user) throw new UsageError(t('accounts.noUser', { email }));
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
      return rows.map((a) => `${a.slug.padEnd(20)} ${a.segment.padEnd(5)} ${a.plan.padEnd(10)} ${String(a.userCount).padStart(3)} ${t('accounts.people')}  ${a.disabledAt ? `${t('accounts.disabledTag')} ` : ''}${a.name}  ${a.domains.join(',')}${a.autoAssignByDomain ? ` ${t('accounts.autoAssignTag')}` : ''}`).join('\n') + `\n${t('accounts.accountCount', { count: rows.length })}`;
    }
    case 'show-account': {
      const account = getAccount(db, requireAccount(db, need(positionals[0], t('accounts.what.accountHandle'))).id)!;
      const people = listAccountUsers(db, account.id);
      return [`${account.name} (${account.slug})`, `  ${t('accounts.show.plan', { segment: account.segment, plan: account.plan, start: account.contractStart })}`, `  ${t('accounts.show.csm', { csm: account.csmEmail ?? '-', domains: account.domains.join(', ') || '-' })}${account.autoAssignByDomain ? t('accounts.show.autoAssignOn') : ''}${account.disabledAt ? t('accounts.show.disabled') : ''}`, ...people.map((p) => `  ${p.email.padEnd(36)} ${p.role.padEnd(15)} ${p.name}  ${t('accounts.show.lastSignIn', { at: fmtDate(p.lastSignInAt) })}${p.disabledAt ? ` ${t('accounts.disabledTag')}` : ''}${p.hasPassword ? '' : t('accounts.show.noPassword')}`)].join('\n');
    }
    case 'create-account': {
      const parsed = accountFlags(flags);
      if (!parsed.success) throw new UsageError(`${t('accounts.cannotCreateAccount')}\n${explain(fieldErrors(parsed.error))}`);
      const r = createAccount(db, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`${t('accounts.cannotCreateAccount')}\n${explain(r.errors)}`);
      return t('accounts.createdAccount', { slug: r.value.slug, name: r.value.name });
    }
    case 'update-account': {
      const existing = getAccount(db, requireAccount(db, need(positionals[0], t('accounts.what.accountHandleShort'))).id)!;
      const parsed = accountFlags(flags, existing);
      if (!parsed.success) throw new UsageError(`${t('accounts.cannotUpdateAccount')}\n${explain(fieldErrors(parsed.error))}`);
      const r = updateAccount(db, existing.id, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`${t('accounts.cannotUpdateAccount')}\n${explain(r.errors)}`);
      return t('accounts.updatedAccount', { slug: r.value.slug });
    }
    case 'disable-account':
    case 'enable-account': {
      const account = requireAccount(db, need(positionals[0], t('accounts.what.accountHandleShort')));
      setAccountDisabled(db, account.id, command === 'disable-account', ACTOR);
      return t(command === 'disable-account' ? 'accounts.disabledAccount' : 'accounts.enabledAccount', { slug: account.slug });
    }
    case 'list-users': {
      const rows = flags.staff ? listStaffUsers(db) : flags.account ? listAccountUsers(db, requireAccount(db, String(flags.account)).id) : [...listStaffUsers(db), ...listAccounts(db).flatMap((a) => listAccountUsers(db, a.id))];
      return rows.map((p) => `${p.email.padEnd(36)} ${p.role.padEnd(15)} ${(p.accountSlug ?? t('accounts.staffTag')).padEnd(20)} ${p.name}${p.disabledAt ? ` ${t('accounts.disabledTag')}` : ''}`).join('\n') + `\n${t('accounts.userCount', { count: rows.length })}`;
    }
    case 'create-user': {
      const parsed = userInput.safeParse({ email: flags.email, name: flags.name, role: flags.role, account: flags.account, locale: flags.locale });
      if (!parsed.success) throw new UsageError(`${t('accounts.cannotCreateUser')}\n${explain(fieldErrors(parsed.error))}`);
      const r = createUser(db, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`${t('accounts.cannotCreateUser')}\n${explain(r.errors)}`);
      const command = `npm run accounts -- invite --email ${r.value.email} --role ${r.value.role}${parsed.data.account ? ` --account ${parsed.data.account}` : ''}`;
      return t('accounts.createdUser', { email: r.value.email, role: r.value.role, command });
    }
    case 'update-user': {
      const user = requireUser(db, need(positionals[0], t('accounts.what.userEmail')));
      const current = listAccountUsers(db, user.accountId ?? '').find((u) => u.id === user.id);
      const parsed = userUpdate.safeParse({ name: flags.name ?? user.name, role: flags.role ?? user.role, locale: flags.locale ?? user.locale, account: flags.account ?? current?.accountSlug ?? '' });
      if (!parsed.success) throw new UsageError(`${t('accounts.cannotUpdateUser')}\n${explain(fieldErrors(parsed.error))}`);
      const r = updateUser(db, user.id, parsed.data, ACTOR);
      if (!r.ok) throw new UsageError(`${t('accounts.cannotUpdateUser')}\n${explain(r.errors)}`);
      return t('accounts.updatedUser', { email: user.email });
    }
    case 'disable-user':
    case 'enable-user': {
      const user = requireUser(db, need(positionals[0], t('accounts.what.userEmail')));
      setUserDisabled(db, user.id, command === 'disable-user', ACTOR);
      return t(command === 'disable-user' ? 'accounts.disabledUser' : 'accounts.enabledUser', { email: user.email });
    }
    case 'invite': {
      const parsed = inviteInput.safeParse({ email: flags.email, role: flags.role ?? 'customer', account: flags.account });
      if (!parsed.success) throw new UsageError(`${t('accounts.cannotInvite')}\n${explain(fieldErrors(parsed.error))}`);
      if (flags.locale !== undefined && flags.locale !== 'ja' && flags.locale !== 'en') throw new UsageError(t('accounts.badLocale', { value: String(flags.locale) }));
      const locale = flags.locale === 'en' ? 'en' : 'ja';
      const r = inviteWithMail(db, parsed.data, ACTOR, locale);
      if (!r.ok) throw new UsageError(`${t('accounts.cannotInvite')}\n${explain(r.errors)}`);
      return `${t('accounts.invited', { email: parsed.data.email, days: getConfig().INVITATION_TTL_DAYS })}\n${r.value.link}`;
    }
    case 'reset-link': {
      const email = need(positionals[0], t('accounts.what.userEmail'));
      requireUser(db, email);
      const reset = createPasswordReset(db, email);
      if (!reset) throw new UsageError(t('accounts.resetDisabled', { email }));
      return `${t('accounts.resetLink', { email: reset.email, minutes: getConfig().PASSWORD_RESET_TTL_MINUTES })}\n${publicUrl(resetPath(reset.token))}`;
    }
    case 'import-users': {
      const file = need(positionals[0], t('accounts.what.csvPath'));
      let text: Uint8Array;
      try {
        // Bytes, not UTF-8 text: the import detects Shift_JIS/CP932 and UTF-16 as well.
        text = readFileSync(file);
      } catch (error) {
        throw new UsageError(t('accounts.cannotRead', { file, error: (error as Error).message }));
      }
      const r = importUsersCsv(db, text, ACTOR);
      if (!r.ok) {
        const where = (e: (typeof r.errors)[number]) => (e.column ? t('accounts.import.column', { column: e.column }) : e.field) + (e.value ? ` "${e.value}"` : '') + (e.firstLine ? t('accounts.import.firstOn', { line: e.firstLine }) : '');
        const lines = r.errors.map((e) => `  ${file}:${e.line}: ${where(e)}: ${errorText(e.code)}`);
        throw new UsageError(`${t('accounts.import.failed')}\n${lines.join('\n')}`);
      }
      return t('accounts.imported', { file, created: r.created, updated: r.updated, unchanged: r.unchanged });
    }
    case 'audit': {
      const limit = Math.min(Number(flags.limit ?? 50) || 50, 1000);
      const rows = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
      return rows.map((r) => `${fmtDate(r.at)}  ${r.via.padEnd(4)} ${(r.actorUserId ?? '-').padEnd(18)} ${r.action.padEnd(18)} ${r.targetType}:${r.targetId}  ${r.detail}`).join('\n') || t('accounts.auditEmpty');
    }
    default:
      throw new UsageError(`${t('accounts.unknownCommand', { command })}\n\n${t('accounts.help')}`);
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

/**
 * Run one CLI invocation: exit code 0 done, 1 refused (message says why and how to fix), 2 bad usage.
 * Output is in `locale` (default: the shell's language, see cliLocale).
 */
export function runAccountsCli(args: string[], openDb: () => Db, locale: CliLocale = cliLocale()): CliResult {
  t = cliMessages('accounts-cli', locale, root);
  authText = cliMessages('auth', locale, root);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return { code: 2, stdout: '', stderr: `${(error as Error).message}\n${t('accounts.badArgs')}` };
  }
  const [command = 'help', ...rest] = parsed.positionals;
  if (command === 'help' || parsed.values.help) return { code: 0, stdout: t('accounts.help'), stderr: '' };
  const db = openDb();
  try {
    return { code: 0, stdout: run(db, command, rest, parsed.values as Flags), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { code: 1, stdout: '', stderr: error.message };
    throw error;
  }
}
