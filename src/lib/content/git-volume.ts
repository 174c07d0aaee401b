/**
 * Volume per author and per month from git: every counted character of a file is attributed to the
 * commit (author, author date) that last changed its line (`git blame`). Lines not committed yet go to
 * "(not committed)". Node-only (spawns git); the numbers use the same counting as count-characters.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
 * would stop every other request for as long (hundreds of milliseconds). With `cacheFile`, each file's
 * share is kept on disk until the file's text or its blob in HEAD changes, so a thousand files are blamed
 * once and a publish re-blames only the files it changed. (A history rewritten under an unchanged blob, an
 * amended author say, keeps the old attribution until the file changes again.)
 */
export async function measureGitVolumeAsync(root: string, files: readonly string[], cacheFile?: string): Promise<GitVolume | undefined> {
  const inside = await execFileAsync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' }).then((r) => r.stdout.trim() === 'true', () => false);
  if (!inside) return undefined;
  const heads = await readHeadBlobs(root, files);
  const kept = cacheFile ? await readShareCache(cacheFile) : new Map<string, CachedShare>();
  const next = new Map<string, CachedShare>();
  let blamed = 0;
  const tally = createTally();
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8');
    const key = `${heads.get(file) ?? '-'}:${createHash('sha1').update(text).digest('hex')}`;
    let entry = kept.get(file);
    if (entry?.key !== key) {
      const blame = await execFileAsync('git', BLAME_ARGS(file), { cwd: root, ...BLAME_OPTIONS }).then((r) => r.stdout, () => null);
      entry = { key, share: shareOf(text, blame) };
      blamed++;
    }
    next.set(file, entry);
    tally.addShare(entry.share);
  }
  if (cacheFile && (blamed > 0 || next.size !== kept.size)) await writeShareCache(cacheFile, next);
  return tally.result();
}

/** One file's counted characters per author and per month: what the tally adds for it. */
interface FileShare {
  authors: Array<[id: string, author: string, email: string, characters: number]>;
  months: Array<[month: string, characters: number]>;
}

interface CachedShare {
  key: string;
  share: FileShare;
}

const CACHE_VERSION = 1;

/** Blob ids in HEAD of the files (paths relative to root); empty before the first commit. */
async function readHeadBlobs(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const tops = [...new Set(files.map((f) => f.split('/')[0]!))];
  const out = new Map<string, string>();
  const listed = await execFileAsync('git', ['ls-tree', '-r', '-z', 'HEAD', '--', ...tops], { cwd: root, ...BLAME_OPTIONS }).then((r) => r.stdout, () => '');
  for (const entry of listed.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab > 0) out.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[2]!);
  }
  return out;
}

async function readShareCache(file: string): Promise<Map<string, CachedShare>> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { version?: number; files?: Record<string, CachedShare> };
    if (data.version === CACHE_VERSION && data.files) return new Map(Object.entries(data.files));
  } catch {
    // No cache yet, or one left half-written by a crash: everything is blamed again.
  }
  return new Map();
}

/** Written whole to a temporary file and renamed, so a reader never meets half a cache. */
async function writeShareCache(file: string, shares: Map<string, CachedShare>): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: CACHE_VERSION, files: Object.fromEntries(shares) }));
    await rename(tmp, file);
  } catch {
    // A read-only checkout: the result still serves this process (get-content-volume-git.ts keeps it).
  }
}

/** A file's share: every counted character goes to the commit that last changed its line (none: not committed). */
function shareOf(text: string, blame: string | null): FileShare {
  const counts = countCharactersByLine(text);
  const lines = blame === null ? [] : parseLinePorcelain(blame);
  const authors = new Map<string, [string, string, string, number]>();
  const months = new Map<string, number>();
  counts.forEach((n, i) => {
    if (n === 0) return;
    const b = lines[i];
    const committed = b && b.email !== 'not.committed.yet';
    const id = committed ? b.email.toLowerCase() : NOT_COMMITTED;
    let a = authors.get(id);
    if (!a) authors.set(id, (a = [id, committed ? b.author : NOT_COMMITTED, committed ? b.email : '', 0]));
    a[3] += n;
    const month = committed ? new Date(b.time * 1000).toISOString().slice(0, 7) : NOT_COMMITTED;
    months.set(month, (months.get(month) ?? 0) + n);
  });
  return { authors: [...authors.values()], months: [...months.entries()] };
}

/** Accumulates files one by one; `blame` is null for a file git cannot blame (untracked: nothing committed). */
function createTally() {
  const authors = new Map<string, AuthorVolume>();
  const months = new Map<string, number>();
  const tally = {
    add(text: string, blame: string | null): void {
      tally.addShare(shareOf(text, blame));
    },
    addShare(share: FileShare): void {
      for (const [id, author, email, characters] of share.authors) {
        let a = authors.get(id);
        if (!a) authors.set(id, (a = { author, email, characters: 0, files: 0 }));
        a.characters += characters;
        a.files += 1;
      }
      for (const [month, characters] of share.months) months.set(month, (months.get(month) ?? 0) + characters);
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
  return tally;
}
