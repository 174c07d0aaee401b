import { createHash } from 'node:crypto';
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

/** The 64-bit hash of one row (its values in column order), as a BigInt. */
export function hashRow(row: readonly unknown[], kinds: readonly ColumnKind[]): bigint {
  const text = JSON.stringify(row.map((v, i) => canonicalValue(v, kinds[i]!)));
  return createHash('sha256').update(text).digest().readBigUInt64BE(0);
}

const MASK = (1n << 64n) - 1n;

/**
 * A table's checksum: the sum of its row hashes modulo 2^64. A sum does not depend on row order, so SQLite
 * (bytewise text order) and PostgreSQL (its collation) need not read the rows in the same order; unlike XOR,
 * two equal rows do not cancel out.
 */
export class TableChecksum {
  private sum = 0n;
  rows = 0;
  add(row: readonly unknown[], kinds: readonly ColumnKind[]): void {
    this.sum = (this.sum + hashRow(row, kinds)) & MASK;
    this.rows++;
  }
  hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}
