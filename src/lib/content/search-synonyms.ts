import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ContentIssue } from './issue-types.ts';

/** Where CS keeps the words that mean the same to a reader (ja ↔ en pairs, notation variants, everyday words). */
export const SYNONYMS_FILE = 'content/search/synonyms.yaml';

const MAX_GROUPS = 2000;
const MAX_MEMBERS = 12;
const MAX_LENGTH = 60;

export interface SynonymFile {
  groups: string[][];
  issues: ContentIssue[];
}

// Lives with the content checks (content:check runs it with the rest of content/, also from the
// pre-commit hook's copy of src/lib/content); the search index builder reads the groups from here.

/**
 * Read and check the synonym file: a YAML list of groups, each a list of 2–12 words or phrases
 * (1–60 characters) that find the same pages. A word may sit in one group only. A missing file is no
 * synonyms, not an error. Every problem names the file, line and column and how to fix it.
 */
export function loadSynonyms(root: string): SynonymFile {
  const path = join(root, SYNONYMS_FILE);
  if (!existsSync(path)) return { groups: [], issues: [] };
  const source = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const issues: ContentIssue[] = [];
  const at = (node: Node | null | undefined, field: string, message: string, hint: string) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    issues.push({ severity: 'error', file: SYNONYMS_FILE, line, column: col, field, message, hint });
  };
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    issues.push({ severity: 'error', file: SYNONYMS_FILE, line, column: col, field: '', message: `not valid YAML: ${e.message.split('\n')[0]}`, hint: 'write a list of groups: `- [ログイン, サインイン, sign in]`' });
  }
  if (doc.errors.length) return { groups: [], issues };
  const top = doc.contents;
  if (top === null) return { groups: [], issues };
  if (!isSeq(top)) {
    at(top, '', 'the file must be a list of synonym groups', 'write one group per line: `- [ログイン, サインイン, sign in]`');
    return { groups: [], issues };
  }
  if (top.items.length > MAX_GROUPS) at(top, '', `at most ${MAX_GROUPS} groups are allowed (found ${top.items.length})`, 'merge or remove groups');
  const groups: string[][] = [];
  const owner = new Map<string, number>();
  top.items.forEach((item, g) => {
    const field = `[${g}]`;
    if (!isSeq(item)) {
      at(item as Node, field, 'a synonym group must be a list of words', 'write it as `- [word, other word]`');
      return;
    }
    if (item.items.length < 2 || item.items.length > MAX_MEMBERS) {
      at(item, field, `a group needs 2 to ${MAX_MEMBERS} words (found ${item.items.length})`, 'add the words it should meet, or split the group');
      return;
    }
    const members: string[] = [];
    item.items.forEach((m, i) => {
      const value = isScalar(m) ? m.value : undefined;
      if (typeof value !== 'string' && typeof value !== 'number') {
        at(m as Node, `${field}[${i}]`, 'a synonym must be a word or phrase', 'write plain text, e.g. `サインイン`');
        return;
      }
      const text = String(value).trim();
      if (!text || text.length > MAX_LENGTH) {
        at(m as Node, `${field}[${i}]`, `a synonym must be 1–${MAX_LENGTH} characters`, 'shorten it to the words readers type');
        return;
      }
      if (!/[\p{L}\p{N}]/u.test(text)) {
        at(m as Node, `${field}[${i}]`, `"${text}" has no letters or digits to search for`, 'remove it or write the word itself');
        return;
      }
      // Compared the way search folds width and case (ＳＳＯ and sso are the same word).
      const key = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
      const before = owner.get(key);
      if (before !== undefined && before !== g) {
        at(m as Node, `${field}[${i}]`, `"${text}" is already in group ${before + 1}`, 'keep each word in one group (merge the two groups if they mean the same)');
        return;
      }
      owner.set(key, g);
      members.push(text);
    });
    if (members.length >= 2) groups.push(members);
  });
  return { groups, issues };
}
