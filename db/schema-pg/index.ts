// The PostgreSQL twin of db/schema/ (the SQLite schema, which stays the source the app is written against):
// the same tables, columns, keys, indexes and constraints, file for file. tests/unit/db-schema-parity.test.ts
// fails when the two differ. Type mapping: SQLite integer → bigint (both 64-bit, so every value fits; times
// stay epoch milliseconds), integer boolean → boolean, real → double precision, text → text, and an
// AUTOINCREMENT key → bigint identity (by default, so copied rows keep their ids).
export * from './meta.ts';
export * from './accounts.ts';
export * from './auth.ts';
export * from './tracking.ts';
export * from './search.ts';
export * from './kpi.ts';
export * from './feedback.ts';
export * from './requests.ts';
export * from './surveys.ts';
export * from './stories.ts';
export * from './mail.ts';
export * from './roadmaps.ts';
export * from './events.ts';
export * from './publish.ts';
export * from './engage.ts';
