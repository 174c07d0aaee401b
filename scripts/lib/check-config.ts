import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configSchema, type Config } from '../../src/schemas/config.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { getKpiSettings } from '../../src/lib/server/kpi/kpi-service.ts';
import { kpiConfigSchema } from '../../src/schemas/kpi-config.ts';

/** Why the database file can't be created or written at this path, or null when it can. */
export function databasePathProblem(path: string, root: string): string | null {
  if (path === ':memory:') return 'an in-memory database loses everything at exit; use a file path';
  const file = resolve(root, path);
  try {
    if (existsSync(file)) {
      if (statSync(file).isDirectory()) return `${file} is a directory; give the path of a file`;
      accessSync(file, constants.R_OK | constants.W_OK);
    }
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'EEXIST' || e.code === 'ENOTDIR'
        ? 'part of the path is a file, not a folder'
        : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
          ? 'no permission to write there, or a read-only filesystem'
          : (e.code ?? e.message);
    return `cannot create or write ${file} (${why}); point it at a writable folder on a local disk`;
  }
}

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
  const dbProblem = databasePathProblem(env.DATABASE_PATH ?? 'db/jisou.sqlite', root);
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
