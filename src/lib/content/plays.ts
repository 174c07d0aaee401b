import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { ContentIssue } from './issue-types.ts';
import { playSchema, type Play } from '../../schemas/play.ts';

export const PLAYS_DIR = 'content/plays';

/**
 * Read and check every play in content/plays/*.yaml. Each problem names the file, line and column of the
 * field at fault and how to fix it; a play with an error is left out (never half-run). `knownKeys` and
 * `knownSurveys` let the check refuse recommended items and surveys that do not exist.
 */
export function loadPlays(root: string, known?: { items: Set<string>; surveys: Set<string> }): { plays: Play[]; issues: ContentIssue[] } {
  const dir = join(root, PLAYS_DIR);
  if (!existsSync(dir)) return { plays: [], issues: [] };
  const plays: Play[] = [];
  const issues: ContentIssue[] = [];
  const keys = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = `${PLAYS_DIR}/${name}`;
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, name), 'utf8'), { lineCounter: lines });
    const at = (offset: number, field: string, message: string, hint: string) => {
      const { line, col } = lines.linePos(offset);
      issues.push({ severity: 'error', file, line, column: col, field, message, hint });
    };
    const nodeAt = (path: (string | number)[]) => {
      let node: Node | undefined;
      for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      return node?.range?.[0] ?? 0;
    };
    if (doc.errors.length) {
      for (const e of doc.errors) at(e.pos[0], '', `not valid YAML: ${e.message.split('\n')[0]}`, 'fix the indentation or quoting on this line (see docs/authoring.md, "Plays")');
      continue;
    }
    const js = doc.toJS() as Record<string, unknown> | null;
    const trigger = (js?.trigger as { kind?: unknown } | undefined)?.kind;
    if (trigger === 'roadmap-overdue') {
      at(nodeAt(['trigger', 'kind']), 'trigger.kind', '"roadmap-overdue" needs success roadmaps, which this version does not have yet', 'use onboarding-low-viewing, dormant, next-level-content or survey-due for now');
      continue;
    }
    const parsed = playSchema.safeParse(js);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
        at(nodeAt(path), path.join('.') || '(file)', describe(issue), hintFor(path));
      }
      continue;
    }
    const play = parsed.data;
    if (known) {
      const missing = (play.recommend?.keys ?? []).filter((k) => !known.items.has(k));
      if (missing.length) {
        at(nodeAt(['recommend', 'keys']), 'recommend.keys', `no content item has the key ${missing.map((k) => `"${k}"`).join(', ')}`, 'write the `key` of a published item (see its frontmatter)');
        continue;
      }
      if (play.trigger.kind === 'survey-due' && !known.surveys.has(play.trigger.survey)) {
        at(nodeAt(['trigger', 'survey']), 'trigger.survey', `no survey has the key "${play.trigger.survey}"`, 'write the `key` of a survey in content/surveys/');
        continue;
      }
    }
    const previous = keys.get(play.key);
    if (previous) {
      at(nodeAt(['key']), 'key', `key "${play.key}" is also used by ${previous}`, 'give every play its own key');
      continue;
    }
    keys.set(play.key, file);
    plays.push(play);
  }
  return { plays, issues };
}

function describe(issue: { code: string; message: string; path: PropertyKey[] }): string {
  const field = String(issue.path.at(-1) ?? 'play');
  if (issue.code === 'invalid_union' && field === 'kind') return 'the trigger "kind" must be onboarding-low-viewing, dormant, next-level-content or survey-due';
  if (issue.code === 'invalid_union') return 'the trigger needs a "kind": onboarding-low-viewing, dormant, next-level-content or survey-due';
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `the required field "${field}" is missing`;
  if (issue.code === 'unrecognized_keys') return `${issue.message.replace(/^Unrecognized keys?:\s*/i, '')} is not a field of "${field}"`;
  return `"${field}": ${issue.message}`;
}

function hintFor(path: (string | number)[]): string {
  const last = path.at(-1);
  if (last === 'ja' || last === 'en') return 'write the text in both languages: `{ ja: …, en: … }`';
  if (path[0] === 'trigger') return 'e.g. `trigger: { kind: dormant, days: 30 }`; see docs/authoring.md, "Plays"';
  if (path[0] === 'recipients') return 'list one or more of people, customer-admins, csm';
  if (path[0] === 'quietHours') return 'write `quietHours: { start: "20:00", end: "08:00" }`';
  return 'see docs/authoring.md, "Plays", for every field';
}
