import type { TableShape } from '../db/describe-schema.ts';

export interface CopyPlan {
  /** Tables in an order where every referenced row is copied before the rows that point at it. */
  order: TableShape[];
  /**
   * Columns copied as NULL at first and filled in after every table is copied: the nullable side of a cycle of
   * foreign keys (accounts.csm_user_id → users while users.account_id → accounts).
   */
  deferred: Map<string, string[]>;
}

/** Written last and merged (migrations seed the epoch keys into an empty target; the source's values win). */
export const MERGED_TABLES = new Set(['app_meta']);

/** Order the tables by their foreign keys; break cycles at a nullable column, or say why it cannot. */
export function planCopy(tables: TableShape[]): CopyPlan {
  const deferred = new Map<string, string[]>();
  const isDeferred = (table: string, column: string) => deferred.get(table)?.includes(column) ?? false;
  const remaining = tables.filter((t) => !MERGED_TABLES.has(t.name));
  const done = new Set<string>();
  const order: TableShape[] = [];
  const pending = (t: TableShape) =>
    t.foreignKeys.filter((fk) => fk.table !== t.name && !done.has(fk.table) && !fk.columns.every((c) => isDeferred(t.name, c)));
  while (remaining.length) {
    const ready = remaining.findIndex((t) => pending(t).length === 0);
    if (ready >= 0) {
      const [t] = remaining.splice(ready, 1);
      order.push(t!);
      done.add(t!.name);
      continue;
    }
    // A cycle: defer the first nullable foreign-key column that points at a table not copied yet.
    let broke = false;
    for (const t of remaining) {
      for (const fk of pending(t)) {
        const nullable = fk.columns.every((c) => t.columns.find((col) => col.name === c)?.notNull === false);
        if (nullable) {
          deferred.set(t.name, [...(deferred.get(t.name) ?? []), ...fk.columns]);
          broke = true;
          break;
        }
      }
      if (broke) break;
    }
    if (!broke) throw new Error(`foreign keys form a cycle without a nullable column: ${remaining.map((t) => t.name).join(', ')}`);
  }
  order.push(...tables.filter((t) => MERGED_TABLES.has(t.name)));
  return { order, deferred };
}
