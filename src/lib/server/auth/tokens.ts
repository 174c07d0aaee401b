import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** 20 random bytes = 160 bits, above the 128-bit minimum, as 32 base32 characters. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** A fresh random secret for cookies and one-time links (sessions, invitations, password resets). */
export function generateSecretToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** True when the value has the shape of a token we issue; anything else is rejected before any lookup. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}

/** SHA-256 (hex) of a token: the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Compare two hex hashes without leaking where they differ through timing. */
export function hashesEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  return x.length === y.length && constantTimeEqual(x, y);
}

/** Opaque random identifier for rows (80 bits, 16 base32 characters). */
export function generateId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}
