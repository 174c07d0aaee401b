import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { ContentIssue } from './issue-types.ts';
import { surveySchema, type Survey } from '../../schemas/survey.ts';

export const SURVEYS_DIR = 'content/surveys';

export interface SurveyFiles {
  surveys: Survey[];
  issues: ContentIssue[];
}

/**
 * Read and check every survey in content/surveys/*.yaml. Each problem names the file, line and column of
 * the field at fault and how to fix it; a file with an error is left out (never half-asked).
 */
export function loadSurveys(root: string): SurveyFiles {
  const dir = join(root, SURVEYS_DIR);
  if (!existsSync(dir)) return { surveys: [], issues: [] };
  const surveys: Survey[] = [];
  const issues: ContentIssue[] = [];
  const keys = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = `${SURVEYS_DIR}/${name}`;
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, name), 'utf8'), { lineCounter: lines });
    const at = (offset: number, field: string, message: string, hint: string) => {
      const { line, col } = lines.linePos(offset);
      issues.push({ severity: 'error', file, line, column: col, field, message, hint });
    };
    if (doc.errors.length) {
      for (const e of doc.errors) at(e.pos[0], '', `not valid YAML: ${e.message.split('\n')[0]}`, 'fix the indentation or quoting on this line (see docs/authoring.md, "Surveys")');
      continue;
    }
    const js: unknown = doc.toJS();
    const parsed = surveySchema.safeParse(js);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
        // Point at the deepest node that exists (a missing field points at its parent).
        let node: Node | undefined;
        for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true) as Node | undefined;
        at(node?.range?.[0] ?? 0, path.join('.') || '(file)', messageFor(issue, path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], js)), hintFor(path));
      }
      continue;
    }
    const previous = keys.get(parsed.data.key);
    if (previous) {
      at((doc.getIn(['key'], true) as Node | undefined)?.range?.[0] ?? 0, 'key', `key "${parsed.data.key}" is also used by ${previous}`, 'give every survey its own key');
      continue;
    }
    keys.set(parsed.data.key, file);
    surveys.push(parsed.data);
  }
  return { surveys, issues };
}

/** Our words for zod's findings (its raw messages name types, not what the author wrote). */
function messageFor(issue: { code: string; message: string; path: PropertyKey[]; minimum?: unknown; maximum?: unknown }, value: unknown): string {
  const field = String(issue.path.at(-1) ?? 'survey');
  if (issue.code === 'invalid_type' && value === undefined) return `the required field "${field}" is missing`;
  if (issue.code === 'invalid_type') return `"${field}" has the wrong kind of value (${JSON.stringify(value)?.slice(0, 40)})`;
  if (issue.code === 'invalid_union' && field === 'type') return `${JSON.stringify(value)} is not a question type (use nps, scale, single, multiple or text)`;
  if (issue.code === 'invalid_union') return `question ${Number(issue.path.at(-1)) + 1} needs a "type": nps, scale, single, multiple or text`;
  if (issue.code === 'invalid_value') return `${JSON.stringify(value)} is not allowed for "${field}"`;
  if (issue.code === 'too_small') return Array.isArray(value) ? `"${field}" needs at least ${String(issue.minimum)} entries (has ${value.length})` : `"${field}" is too short or too small (at least ${String(issue.minimum)})`;
  if (issue.code === 'too_big') return Array.isArray(value) ? `"${field}" allows at most ${String(issue.maximum)} entries (has ${value.length})` : `"${field}" is too long or too large (at most ${String(issue.maximum)})`;
  if (issue.code === 'unrecognized_keys') return `${issue.message.replace(/^Unrecognized keys?:\s*/i, '')} is not a field of ${field === 'survey' ? 'a survey' : `"${field}"`}`;
  return issue.message;
}

function hintFor(path: (string | number)[]): string {
  const last = path.at(-1);
  if (last === 'ja' || last === 'en') return 'write the text in both languages: `{ ja: …, en: … }`';
  if (path[0] === 'questions' && path.length <= 3) return 'a question needs id, type (nps, scale, single, multiple, text) and text { ja, en }; see docs/authoring.md, "Surveys"';
  if (path[0] === 'due') return 'write `due: { afterContractDays: 30 }` and optionally `repeatEveryDays: 90`';
  return 'see docs/authoring.md, "Surveys", for every field';
}
