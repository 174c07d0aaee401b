/**
 * Volume per author and per month from git: every counted character of a file is attributed to the
 * commit (author, author date) that last changed its line (`git blame`). Lines not committed yet go to
 * "(not committed)". Node-only (spawns git); the numbers use the same counting as count-characters.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countCharactersByLine } from './count-characters.ts';

export const NOT_COMMITTED = '(not committed)';

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

/** Attribute the counted characters of `files` (paths relative to root) to git authors and months. */
export function measureGitVolume(root: string, files: readonly string[]): GitVolume | undefined {
  if (!isGitRepository(root)) return undefined;
  const authors = new Map<string, AuthorVolume>();
  const months = new Map<string, number>();
  for (const file of files) {
    const counts = countCharactersByLine(readFileSync(join(root, file), 'utf8'));
    const r = spawnSync('git', ['blame', '--line-porcelain', '--', file], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    // Untracked files cannot be blamed: all their text is not committed yet.
    const lines = r.status === 0 ? parseLinePorcelain(r.stdout) : [];
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
  }
  return {
    byAuthor: [...authors.values()].sort((a, b) => b.characters - a.characters || a.author.localeCompare(b.author)),
    byMonth: [...months.entries()]
      .map(([month, characters]) => ({ month, characters }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}
