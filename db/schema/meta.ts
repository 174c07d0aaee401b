import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small key/value facts about this installation (e.g. when demo data was seeded). */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
