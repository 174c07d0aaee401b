import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accountDomains, accounts, appMeta, users } from '../../db/schema/index.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { seedActivity } from '../seed-activity.ts';
import { seedFeedback, seedRequests, seedStories, seedSurveys } from './demo-listen.ts';
import { seedEngage } from './demo-engage.ts';
import { loadSurveys } from '../../src/lib/content/surveys.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { resolve } from 'node:path';
import { DEMO_COMPANIES, FAMILY_NAMES, GIVEN_NAMES } from './demo-names.ts';
// The same PRNG as the activity seed (mulberry32): the same demo data on every machine.
import { prng } from './activity-simulator.ts';

export interface DemoLogin {
  email: string;
  role: string;
}

export const DEMO_PASSWORD = 'jisou-demo';

/** The fixed logins listed in the README and printed at start. */
export const DEMO_LOGINS: DemoLogin[] = [
  { email: 'admin@jisou.test', role: 'admin' },
  { email: 'manager@jisou.test', role: 'manager' },
  { email: 'author@jisou.test', role: 'author' },
  { email: 'user@acme.example', role: 'customer (Acme: high touch, enterprise)' },
  { email: 'admin@acme.example', role: 'customer-admin (Acme)' },
  { email: 'user@globex.example', role: 'customer (Globex: tech touch, starter)' },
  { email: 'admin@globex.example', role: 'customer-admin (Globex)' },
];


const DAY = 86_400_000;
const SEGMENTS = ['high', 'low', 'tech'] as const;
const PLANS = ['starter', 'business', 'enterprise'] as const;

type UserRow = typeof users.$inferInsert;
type AccountRow = typeof accounts.$inferInsert;

/**
 * Seed demo staff, accounts and people into an empty database (a database with any user is left alone,
 * so restarts never duplicate or overwrite anything). Returns the logins to print.
 */
export async function prepareDemo(db: Db, now = Date.now()): Promise<DemoLogin[]> {
  const existing = db.select({ n: count() }).from(users).get()?.n ?? 0;
  if (existing > 0) return DEMO_LOGINS;
  const passwordHash = await hashPassword(DEMO_PASSWORD); // hashed once, shared by every demo person
  const rand = prng(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const dateDaysAgo = (days: number) => new Date(now - days * DAY).toISOString().slice(0, 10);

  const staff: UserRow[] = [
    { id: 'staff-admin', email: 'admin@jisou.test', name: '石川 真理', role: 'admin' },
    { id: 'staff-manager', email: 'manager@jisou.test', name: '森 健一', role: 'manager' },
    { id: 'staff-author', email: 'author@jisou.test', name: '藤田 彩', role: 'author' },
    { id: 'staff-csm-1', email: 'csm.ono@jisou.test', name: '小野 友梨', role: 'manager' },
    { id: 'staff-csm-2', email: 'csm.kudo@jisou.test', name: '工藤 航', role: 'manager' },
  ].map((u) => ({ ...u, role: u.role as UserRow['role'], locale: 'ja', passwordHash, createdAt: now, updatedAt: now }));
  const csms = ['staff-csm-1', 'staff-csm-2', 'staff-manager'];

  const accountRows: AccountRow[] = [];
  const domainRows: Array<{ domain: string; accountId: string }> = [];
  const people: UserRow[] = [...staff];
  const addAccount = (slug: string, name: string, segment: AccountRow['segment'], plan: AccountRow['plan'], startDaysAgo: number, autoAssign: boolean) => {
    const id = `acct-${slug}`;
    accountRows.push({ id, slug, name, segment, plan, contractStart: dateDaysAgo(startDaysAgo), csmUserId: pick(csms), autoAssignByDomain: autoAssign, createdAt: now, updatedAt: now });
    domainRows.push({ domain: `${slug}.example`, accountId: id });
    return id;
  };
  const addPerson = (accountId: string, domain: string, role: 'customer' | 'customer-admin', email?: string) => {
    const [family, familyRomaji] = pick(FAMILY_NAMES);
    const [given, givenRomaji] = pick(GIVEN_NAMES);
    let address = email ?? `${givenRomaji}.${familyRomaji}@${domain}`;
    for (let n = 2; people.some((p) => p.email === address); n++) address = `${givenRomaji}.${familyRomaji}${n}@${domain}`;
    const signedIn = rand() < 0.8 ? now - Math.floor(rand() * 30 * DAY) : null;
    people.push({ id: `user-${people.length}`, email: address, name: `${family} ${given}`, role, accountId, locale: rand() < 0.9 ? 'ja' : 'en', passwordHash, lastSignInAt: signedIn, createdAt: now, updatedAt: now });
  };

  const acme = addAccount('acme', 'アクメ株式会社 (Acme)', 'high', 'enterprise', 400, true);
  addPerson(acme, 'acme.example', 'customer', 'user@acme.example');
  addPerson(acme, 'acme.example', 'customer-admin', 'admin@acme.example');
  for (let i = 0; i < 4; i++) addPerson(acme, 'acme.example', 'customer');
  const globex = addAccount('globex', 'グロベックス株式会社 (Globex)', 'tech', 'starter', 20, false);
  addPerson(globex, 'globex.example', 'customer', 'user@globex.example');
  addPerson(globex, 'globex.example', 'customer-admin', 'admin@globex.example');
  for (let i = 0; i < 2; i++) addPerson(globex, 'globex.example', 'customer');

  DEMO_COMPANIES.forEach(([slug, name], i) => {
    // Cycle segments and plans so every combination occurs; start dates from 5 days to 2 years ago.
    const id = addAccount(slug, name, SEGMENTS[i % 3]!, PLANS[Math.floor(i / 3) % 3]!, 5 + Math.floor(rand() * 720), false);
    const size = 3 + Math.floor(rand() * 8);
    addPerson(id, `${slug}.example`, 'customer-admin');
    for (let n = 1; n < size; n++) addPerson(id, `${slug}.example`, 'customer');
  });

  db.transaction((tx) => {
    tx.insert(users).values(staff).run();
    for (const a of accountRows) tx.insert(accounts).values(a).run();
    for (const d of domainRows) tx.insert(accountDomains).values(d).run();
    for (const p of people.slice(staff.length)) tx.insert(users).values(p).run();
    tx.insert(appMeta).values({ key: 'demo_seeded_at', value: new Date(now).toISOString() }).onConflictDoNothing().run();
  });
  seedActivity(db, { now, log: console.log });
  console.log(`  feedback: ${seedFeedback(db, now)} answers to "was this page helpful?", ${seedRequests(db, now)} requests to the CS team`);
  const surveys = loadSurveys(resolve(import.meta.dirname, '../..')).surveys.filter((s) => !s.draft);
  console.log(`  surveys: ${seedSurveys(db, surveys, getConfig().JISOU_TIMEZONE, now)} answers to ${surveys.length} surveys; ${seedStories(db, now)} success stories offered`);
  const engage = seedEngage(db, resolve(import.meta.dirname, '../..'), now);
  console.log(`  engage: ${engage.mails} mails delivered (announcements, plays), ${engage.clicks} clicks on their links`);
  return DEMO_LOGINS;
}
