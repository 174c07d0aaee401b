import { databasePathProblem } from './database-path-problem.ts';
import { configSchema, type Config } from '../../src/schemas/config.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { getKpiSettings } from '../../src/lib/server/kpi/kpi-service.ts';
import { kpiConfigSchema } from '../../src/schemas/kpi-config.ts';

export { databasePathProblem };

/**
 * Every problem with the environment, found before anything is served: the zod schema (types, ranges,
 * URLs, time zone) and what the schema can't see (the database folder is writable, the timeouts fit
 * together). Empty when the configuration is usable.
 */
export function configProblems(env: NodeJS.ProcessEnv, root: string): string[] {
  const problems: string[] = [];
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      const given = typeof env[name] === 'string' ? ` (got "${String(env[name]).slice(0, 60)}")` : '';
      problems.push(`${name}: ${issue.message}${given}`);
    }
  }
  // The dashboards' JISOU_KPI_* thresholds are checked here too: failing at start beats failing on the first dashboard.
  const kpi = kpiConfigSchema.safeParse(env);
  if (!kpi.success) for (const issue of kpi.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  // With DATABASE_URL the file is unused: checking (and creating) its folder would only make a stray directory.
  const dbProblem = env.DATABASE_URL ? null : databasePathProblem(env.DATABASE_PATH ?? 'db/jisou.sqlite', root);
  if (dbProblem) problems.push(`DATABASE_PATH: ${dbProblem}`);
  if (parsed.success && parsed.data.HTTP_REQUEST_TIMEOUT_MS < parsed.data.HTTP_HEADERS_TIMEOUT_MS) {
    problems.push('HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS (the whole request includes its headers)');
  }
  if (parsed.success && parsed.data.NODE_ENV === 'production' && !parsed.data.PUBLIC_ORIGIN) {
    // Links in mail (reset, invitation) must never be built from the request's Host header, which a
    // client chooses; in production there is no safe fallback, so the address has to be configured.
    problems.push('PUBLIC_ORIGIN: required when NODE_ENV=production (links in mail are built from it, never from the request); set it to the address people open, e.g. PUBLIC_ORIGIN=https://learn.example.com');
  }
  return problems;
}

/** The validated configuration, or a clear list of what to fix on stderr and exit code 1. */
export function loadConfigOrExit(root: string): Config {
  const problems = configProblems(process.env, root);
  if (problems.length) {
    console.error(`Invalid configuration, Jisou did not start:\n${problems.map((p) => `  ${p}`).join('\n')}\nFix the environment variables above (see docs/operations.md and src/schemas/config.ts).`);
    process.exit(1);
  }
  getKpiSettings();
  return getConfig();
}
