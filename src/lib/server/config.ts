import { configSchema, type Config } from '../../schemas/config.ts';

let loaded: Config | undefined;

/** The validated configuration, read from the environment once. Throws with every problem listed. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (loaded && env === process.env) return loaded;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}\nFix the environment variables above (see README, "Configuration").`);
  }
  if (env === process.env) loaded = result.data;
  return result.data;
}

export function isDemoMode(config: Config = getConfig()): boolean {
  if (config.JISOU_DEMO !== undefined) return config.JISOU_DEMO === 'true' || config.JISOU_DEMO === '1';
  return config.NODE_ENV !== 'production';
}

/** Where the data lives: the PostgreSQL URL when DATABASE_URL is set, else the SQLite file (DATABASE_PATH). */
export function databaseLocation(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH'> = getConfig()): string {
  return config.DATABASE_URL || config.DATABASE_PATH;
}
