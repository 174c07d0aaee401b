import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { prepareDemo } from '../../scripts/lib/prepare-demo.ts';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { runAccountsCli } from '../../scripts/lib/accounts-cli.ts';
import { importUsersCsv } from '../../src/lib/server/accounts/import-users-csv.ts';
import type { Db } from '../../db/client.ts';

// `npm run accounts -- …` against a real SQLite file seeded with the demo data.
const ROOT = join(import.meta.dirname, '../..');
let dir: string;
let dbPath: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-cli-'));
  dbPath = join(dir, 'cli.sqlite');
  db = openDatabase(dbPath);
  await prepareDemo(db);
  // Seeding the whole demo (now with surveys, feedback and requests) can take over 10 s on a busy machine.
}, 60_000);
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI's command runner in-process (the entry script only adds opening the database and printing). */
function cli(...args: string[]) {
  const r = runAccountsCli(args, () => db, 'en');
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** The real entry point, as `npm run accounts -- …` runs it. */
function spawnCli(...args: string[]) {
  return spawnIn('en', ...args);
}
function spawnIn(lang: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/accounts.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: dbPath, JISOU_LANG: lang }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const count = (sql: string) => {
  const reader = new Database(dbPath, { readonly: true });
  try {
    return (reader.prepare(sql).get() as { n: number }).n;
  } finally {
    reader.close();
  }
};

describe('accounts CLI', () => {
  it('runs as a script: help, and a refused command exits 1 with the reason on stderr', () => {
    const help = spawnCli('help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('import-users <file.csv>');
    const refused = spawnCli('show-account', 'nope');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('No account with handle "nope"');
  }, 20_000);

  it('names each wrong option and how to fix it, and writes nothing', () => {
    const before = count('SELECT count(*) AS n FROM accounts');
    const r = cli('create-account', '--slug', 'Bad_', '--name', '', '--segment', 'mid', '--plan', 'starter', '--contract-start', '2026-02-30');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--slug: Use 2–40 lowercase letters');
    expect(r.err).toContain('--segment: Choose a segment: high, low or tech.');
    expect(r.err).toContain('--contract-start: Enter the date as YYYY-MM-DD');
    expect(count('SELECT count(*) AS n FROM accounts')).toBe(before);
    expect(cli('frobnicate').err).toContain('Unknown command "frobnicate"');
    expect(cli('list-users', '--bogus').code).toBe(2);
    expect(cli('show-account', 'nope').err).toContain('No account with handle "nope"');
  });

  it('creates an account with domains and auto-assignment, then a user found by domain, and audits both', () => {
    expect(cli('create-account', '--slug', 'hoshino', '--name', '星野商会', '--segment', 'low', '--plan', 'business', '--contract-start', '2026-10-01', '--domains', 'hoshino.example', '--auto-assign', '--csm', 'manager@jisou.test').code).toBe(0);
    const r = cli('create-user', '--email', 'Ken@Hoshino.example', '--name', '星野 健', '--role', 'customer');
    expect(r.code).toBe(0);
    expect(cli('show-account', 'hoshino').out).toContain('ken@hoshino.example');
    expect(count("SELECT count(*) AS n FROM audit_log WHERE via = 'cli' AND action IN ('account.create', 'user.create')")).toBe(2);
  });

  it('imports nothing from a CSV with one bad row and names file and line; a good file is idempotent', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '\uFEFFemail,name,role,account\nimp.one@globex.example,一,customer,globex\nimp.two@globex.example,,customer,globex\n');
    const r = cli('import-users', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:3: name`);
    expect(r.err).toContain('Nothing was imported');
    expect(count("SELECT count(*) AS n FROM users WHERE email LIKE 'imp.%'")).toBe(0);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'email,name,role,account\nimp.one@globex.example,一,customer,globex\nimp.two@globex.example,二,customer-admin,globex\n');
    expect(cli('import-users', good).out).toContain('2 created, 0 updated, 0 unchanged');
    expect(cli('import-users', good).out).toContain('0 created, 0 updated, 2 unchanged');
    writeFileSync(good, 'email,name,role,account\nimp.one@globex.example,一郎,customer,globex\nimp.two@globex.example,二,customer-admin,globex\n');
    expect(cli('import-users', good).out).toContain('0 created, 1 updated, 1 unchanged');
  });

  it('refuses a CSV row that changes the importing admin’s own role, naming line and field, and writes nothing', () => {
    const admin = db.$client.prepare("SELECT id, name FROM users WHERE email = 'admin@jisou.test'").get() as { id: string; name: string };
    const before = count('SELECT count(*) AS n FROM audit_log');
    const text = `email,name,role,account\nself.one@globex.example,一,customer,globex\nadmin@jisou.test,${admin.name},manager,\n`;
    const r = importUsersCsv(db, text, { userId: admin.id, via: 'web' });
    expect(r).toEqual({ ok: false, errors: [{ line: 3, field: 'role', code: 'cannot_change_self', value: 'manager' }] });
    expect(count("SELECT count(*) AS n FROM users WHERE email = 'self.one@globex.example'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM users WHERE email = 'admin@jisou.test' AND role = 'admin'")).toBe(1);
    expect(count('SELECT count(*) AS n FROM audit_log')).toBe(before);
    // The CLI acts as no person (an operator with the database), so the same file is its to apply.
    const file = join(dir, 'self.csv');
    writeFileSync(file, `email,name,role,account\nadmin@jisou.test,${admin.name},author,\n`);
    const applied = cli('import-users', file);
    expect(applied.out).toContain('0 created, 1 updated, 0 unchanged');
    writeFileSync(file, `email,name,role,account\nadmin@jisou.test,${admin.name},admin,\n`);
    expect(cli('import-users', file).out).toContain('0 created, 1 updated, 0 unchanged');
  });

  it('imports Shift_JIS and UTF-16 files with the right names, and refuses undecodable bytes naming file and line', () => {
    const sjis = join(dir, 'sjis.csv');
    writeFileSync(sjis, iconv.encode('email,name,role,account\r\nenc.sjis@globex.example,髙橋 ①美咲,customer,globex\r\n', 'cp932'));
    expect(cli('import-users', sjis).out).toContain('1 created');
    const utf16 = join(dir, 'utf16.txt');
    writeFileSync(utf16, iconv.encode('email\tname\trole\taccount\r\nenc.utf16@globex.example\t渡邊 𠮷子\tcustomer\tglobex\r\n', 'utf-16le', { addBOM: true }));
    expect(cli('import-users', utf16).out).toContain('1 created');
    const names = (email: string) => (db.$client.prepare('SELECT name FROM users WHERE email = ?').get(email) as { name: string }).name;
    expect(names('enc.sjis@globex.example')).toBe('髙橋 ①美咲');
    expect(names('enc.utf16@globex.example')).toBe('渡邊 𠮷子');
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, Buffer.concat([Buffer.from('email,name,role,account\nenc.bad@globex.example,山田,customer,globex\nenc.bad2@globex.example,'), Buffer.from([0xe5, 0x28]), Buffer.from(',customer,globex\n')]));
    const r = cli('import-users', broken);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${broken}:3: csv`);
    expect(count("SELECT count(*) AS n FROM users WHERE email LIKE 'enc.bad%'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM users WHERE name LIKE '%\uFFFD%'")).toBe(0);
  });

  it('disabling a user ends their sessions; invite and reset links are printed once', () => {
    const user = db.$client.prepare("SELECT id FROM users WHERE email = 'user@globex.example'").get() as { id: string };
    const token = generateSessionToken();
    createSession(user.id, token, db);
    expect(cli('disable-user', 'user@globex.example').code).toBe(0);
    expect(validateSessionToken(token, db).session).toBeNull();
    expect(cli('reset-link', 'user@globex.example').err).toContain('enable-user user@globex.example');
    expect(cli('enable-user', 'user@globex.example').code).toBe(0);
    expect(cli('reset-link', 'user@globex.example').out).toMatch(/\/reset-password\/[a-z2-7]{32}/);
    expect(cli('invite', '--email', 'new@globex.example', '--role', 'customer', '--account', 'globex').out).toMatch(/\/invite\/[a-z2-7]{32}/);
    expect(cli('invite', '--email', 'user@acme.example', '--role', 'customer', '--account', 'acme').err).toContain('already registered');
  });

  it('speaks Japanese when the shell does (JISOU_LANG or LANG), field errors included', () => {
    const help = spawnIn('ja', 'help');
    expect(help.out).toContain('使い方: npm run accounts');
    const refused = spawnIn('ja', 'show-account', 'nope');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('ハンドル "nope" のアカウントはありません');
    const ja = runAccountsCli(['create-account', '--slug', 'x'], () => db, 'ja');
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain('アカウントを作成できません');
    expect(ja.stderr).not.toMatch(/Cannot|Required|Invalid/);
    const lang = spawnSync(process.execPath, [join(ROOT, 'scripts/accounts.ts'), 'list-accounts'], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: dbPath, JISOU_LANG: '', LC_ALL: '', LANG: 'ja_JP.UTF-8' }, encoding: 'utf8' });
    expect(lang.stdout).toMatch(/\d+ アカウント/);
  });
});
