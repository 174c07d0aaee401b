import { defineConfig } from 'drizzle-kit';

// PostgreSQL migrations, generated from db/schema-pg/ (`npm run db:generate` runs this beside the SQLite config).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg/index.ts',
  out: './db/migrations-pg',
});
