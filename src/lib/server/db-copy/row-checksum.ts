import type { ColumnKind } from '../db/describe-schema.ts';

/**
 * One value in a form both databases give the same: SQLite hands back booleans as 0/1 and integers as
 * numbers or BigInts, PostgreSQL booleans as true/false and bigints as numbers (or BigInts past 2^53).
 */
export function canonicalValue(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return 'N';
  switch (kind) {
    case 'bool':
      return value === true || value === 1 || value === 1n || value === '1' || value === 't' ? 'B1' : 'B0';
    case 'int':
      return typeof value === 'number' && !Number.isInteger(value) ? `I${value}` : `I${BigInt(value as number | bigint | string)}`;
    case 'real': {
      const n = Number(value);
      return `R${Object.is(n, -0) ? 0 : n}`;
    }
    default:
      return `T${String(value)}`;
  }
}

/**
 * A 64-bit hash (two 32-bit halves, cyrb53's mixing) of a string. Not cryptographic: it guards a copy against
 * lost, doubled or altered rows, not against an adversary, and it is several times cheaper per row than SHA-256.
 */
function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** The hash of one row: its canonical values in column order. */
export function hashRow(row: readonly unknown[], kinds: readonly ColumnKind[]): [number, number] {
  return hash64(JSON.stringify(row.map((v, i) => canonicalValue(v, kinds[i]!))));
}

const HALF = 2 ** 32;

/**
 * A table's checksum: the row hashes summed (each half modulo 2^32). A sum does not depend on row order, so
 * SQLite (bytewise text order) and PostgreSQL (its collation) need not read the rows in the same order; unlike
 * XOR, two equal rows do not cancel out.
 */
export class TableChecksum {
  private hi = 0;
  private lo = 0;
  rows = 0;
  add(row: readonly unknown[], kinds: readonly ColumnKind[]): void {
    const [a, b] = hashRow(row, kinds);
    this.hi = (this.hi + a) % HALF;
    this.lo = (this.lo + b) % HALF;
    this.rows++;
  }
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
