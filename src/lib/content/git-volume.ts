/**
 * Volume per author and per month from git: every counted character of a file is attributed to the
 * commit (author, author date) that last changed its line (`git blame`). Lines not committed yet go to
 * "(not committed)". Node-only (spawns git); the numbers use the same counting as count-characters.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { countCharactersByLine } from './count-characters.ts';

export const NOT_COMMITTED = '(not committed)';
const execFileAsync = promisify(execFile);

export interface AuthorVolume {
  author: string;
  email: string;
  characters: number;
  /** Files with at least one counted character by this author. */
  files: number;
}

export interface GitMonthVolume {
  /** `YYYY-MM` of the author date (UTC) of the last change to the line. */
  month: string;
  characters: number;
}

export interface GitVolume {
  byAuthor: AuthorVolume[];
  byMonth: GitMonthVolume[];
}

interface BlameLine {
  author: string;
  email: string;
  time: number;
}

/** Parse `git blame --line-porcelain` into one entry per line of the file. */
export function parseLinePorcelain(text: string): BlameLine[] {
  const out: BlameLine[] = [];
  let author = '';
  let email = '';
  let time = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('author ')) author = line.slice(7);
    else if (line.startsWith('author-mail ')) email = line.slice(12).replace(/^<|>$/g, '');
    else if (line.startsWith('author-time ')) time = Number(line.slice(12));
    else if (line.startsWith('\t')) out.push({ author, email, time });
  }
  return out;
}

/** True when `root` is inside a git work tree. */
export function isGitRepository(root: string): boolean {
  const r = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'true';
}

const BLAME_ARGS = (file: string) => ['blame', '--line-porcelain', '--', file];
const BLAME_OPTIONS = { encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024 };

/** Attribute the counted characters of `files` (paths relative to root) to git authors and months. */
export function measureGitVolume(root: string, files: readonly string[]): GitVolume | undefined {
  if (!isGitRepository(root)) return undefined;
  const tally = createTally();
  for (const file of files) {
    const r = spawnSync('git', BLAME_ARGS(file), { cwd: root, ...BLAME_OPTIONS });
    tally.add(readFileSync(join(root, file), 'utf8'), r.status === 0 ? r.stdout : null);
  }
  return tally.result();
}

/**
 * The same, with git run asynchronously: for the server, where blaming a whole content tree synchronously
 * would stop every other request for as long (hundreds of milliseconds).
 */
export async function measureGitVolumeAsync(root: string, files: readonly string[]): Promise<GitVolume | undefined> {
  const inside = await execFileAsync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' }).then((r) => r.stdout.trim() === 'true', () => false);
  if (!inside) return undefined;
  const tally = createTally();
  for (const file of files) {
    const blame = await execFileAsync('git', BLAME_ARGS(file), { cwd: root, ...BLAME_OPTIONS }).then((r) => r.stdout, () => null);
    tally.add(await readFile(join(root, file), 'utf8'), blame);
  }
  return tally.result();
}

/** Accumulates files one by one; `blame` is null for a file git cannot blame (untracked: nothing committed). */
function createTally() {
  const authors = new Map<string, AuthorVolume>();
  const months = new Map<string, number>();
  return {
    add(text: string, blame: string | null): void {
      const counts = countCharactersByLine(text);
      const lines = blame === null ? [] : parseLinePorcelain(blame);
      const touched = new Set<string>();
      counts.forEach((n, i) => {
        if (n === 0) return;
        const b = lines[i];
        const committed = b && b.email !== 'not.committed.yet';
        const id = committed ? b.email.toLowerCase() : NOT_COMMITTED;
        let a = authors.get(id);
        if (!a) {
          a = { author: committed ? b.author : NOT_COMMITTED, email: committed ? b.email : '', characters: 0, files: 0 };
          authors.set(id, a);
        }
        a.characters += n;
        if (!touched.has(id)) {
          touched.add(id);
          a.files += 1;
        }
        const month = committed ? new Date(b.time * 1000).toISOString().slice(0, 7) : NOT_COMMITTED;
        months.set(month, (months.get(month) ?? 0) + n);
      });
    },
    result(): GitVolume {
      return {
        byAuthor: [...authors.values()].sort((a, b) => b.characters - a.characters || a.author.localeCompare(b.author)),
        byMonth: [...months.entries()]
          .map(([month, characters]) => ({ month, characters }))
          .sort((a, b) => a.month.localeCompare(b.month)),
      };
    },
  };
}
