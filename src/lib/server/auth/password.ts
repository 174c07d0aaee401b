import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** OWASP argon2id parameters: 19 MiB memory, 2 iterations, 1 lane. `2` is Algorithm.Argon2id (a const enum). */
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random string, verified against when the email is unknown so that a wrong email takes as
 * long as a wrong password (the response time must not reveal which emails exist).
 */
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummyHash;
}

const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '123456', '!', '1!', '123!', '@123', '01', '2024', '2025', '2026', '2027'];

let blocklist: Set<string> | undefined;

/** The shipped list plus each word followed by common suffixes (read once; the file sits in the source tree). */
function getBlocklist(): Set<string> {
  if (blocklist) return blocklist;
  const file = resolve(process.cwd(), 'src/lib/server/auth/common-passwords.txt');
  const words = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
  blocklist = new Set();
  for (const w of words) for (const s of SUFFIXES) blocklist.add(w + s);
  return blocklist;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Why a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string, email?: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (getBlocklist().has(lower)) return 'too_common';
  // One character repeated, or the person's own email / its name part.
  if (new Set(lower).size <= 2) return 'too_common';
  if (email) {
    const e = email.toLowerCase();
    if (lower === e || lower === e.split('@')[0]) return 'too_common';
  }
  return null;
}
