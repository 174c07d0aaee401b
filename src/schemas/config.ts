import { z } from 'zod';

/** Environment configuration, validated once at start. Every field has a default except where noted. */
export const configSchema = z.object({
  /** `development` or `production`. Production turns on HSTS and `__Host-` cookies. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port to listen on. Default 4321. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  /** Interface to bind. Default 0.0.0.0 (all). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** SQLite database file. Default `db/jisou.sqlite` under the project root. */
  DATABASE_PATH: z.string().min(1).default('db/jisou.sqlite'),
  /** Seed demo accounts, users and activity into an empty database. Default true outside production. */
  JISOU_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  /** Allow demo mode under NODE_ENV=production (never on a real deployment). */
  JISOU_DEMO_FORCE: z.enum(['true', 'false', '1', '0']).default('false'),
  /** Public origin, e.g. https://learn.example.com, used in links sent by email. Optional. */
  PUBLIC_ORIGIN: z.string().url().optional(),
});
export type Config = z.output<typeof configSchema>;
