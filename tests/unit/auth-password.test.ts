import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from '../../src/lib/server/auth/password.ts';

describe('passwords', () => {
  it('hashes with argon2id (m=19456, t=2, p=1) and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it.each([
    ['short1234', 'too_short'],
    ['パスワード', 'too_short'],
    ['qwertyuiop', 'too_common'],
    ['Password2026', 'too_common'],
    ['sakura123456', 'too_common'],
    ['1234567890', 'too_common'],
    ['aaaaaaaaaaaa', 'too_common'],
    ['x'.repeat(300), 'too_long'],
  ])('refuses %s (%s)', (pw, problem) => expect(checkNewPassword(pw)).toBe(problem));

  it('refuses the email itself and accepts a decent passphrase, also in Japanese', () => {
    expect(checkNewPassword('someone.long@acme.example', 'Someone.Long@acme.example')).toBe('too_common');
    expect(checkNewPassword('blue-kettle-river-7')).toBeNull();
    expect(checkNewPassword('富士山に登る朝の珈琲')).toBeNull();
  });
});
