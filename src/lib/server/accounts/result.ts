/** Outcome of an administrative operation: field errors are codes (`auth.error.<code>`). */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(errors: Record<string, string>): Result<T> => ({ ok: false, errors });

// Note for transactions: better-sqlite3 has a single connection, so helpers called with `db` inside a
// `db.transaction((tx) => …)` callback run inside that same transaction.
