import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Its own module (no config or KPI imports) so light CLIs such as db:copy can check a path quickly.
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
