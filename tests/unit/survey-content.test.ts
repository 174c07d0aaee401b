import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, validateContent } from '../../src/lib/content/validate.ts';
import { loadSurveys } from '../../src/lib/content/surveys.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('surveys as content', () => {
  it('the demo surveys (day 30, quarterly NPS, success-story consent) are valid', () => {
    const { surveys, issues } = loadSurveys(ROOT);
    expect(issues).toEqual([]);
    expect(surveys.map((s) => s.key)).toEqual(['onboarding-day30', 'quarterly-nps', 'success-story']);
    const consent = surveys.find((s) => s.key === 'success-story')!.questions[0]!;
    expect(consent).toMatchObject({ type: 'single', consent: 'success-story' });
    expect(consent.text.ja).toBe('事例として紹介・登壇にご協力いただけますか?');
    expect(surveys.find((s) => s.key === 'quarterly-nps')!.due).toEqual({ afterContractDays: 90, repeatEveryDays: 90 });
  });

  it('content:check reports each survey problem with file:line:col, what is wrong and how to fix it', () => {
    const lines = validateContent(join(import.meta.dirname, '../fixtures/content/errors/survey-bad'), { includeDrafts: true }).issues.map(formatIssue);
    expect(lines).toEqual([
      'content/surveys/bad.yaml:3:3 title.en — the required field "en" is missing — write the text in both languages: `{ ja: …, en: … }`',
      'content/surveys/bad.yaml:8:11 questions.0.type — "stars" is not a question type (use nps, scale, single, multiple or text) — a question needs id, type (nps, scale, single, multiple, text) and text { ja, en }; see docs/authoring.md, "Surveys"',
      'content/surveys/bad.yaml:14:7 questions.1.options — "options" needs at least 2 entries (has 1) — a question needs id, type (nps, scale, single, multiple, text) and text { ja, en }; see docs/authoring.md, "Surveys"',
    ]);
  });

  it('a duplicate key, a duplicate question id and broken YAML are each reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jisou-surveys-'));
    try {
      cpSync(join(ROOT, 'content/surveys'), join(dir, 'content/surveys'), { recursive: true });
      writeFileSync(join(dir, 'content/surveys/copy.yaml'), 'key: quarterly-nps\ntitle: { ja: 複製, en: Copy }\ndue: { afterContractDays: 1 }\nquestions:\n  - { id: a, type: text, text: { ja: あ, en: A } }\n  - { id: a, type: text, text: { ja: い, en: B } }\n');
      writeFileSync(join(dir, 'content/surveys/broken.yaml'), 'key: x\ntitle: [\n');
      const lines = loadSurveys(dir).issues.map(formatIssue);
      expect(lines.some((l) => l.startsWith('content/surveys/copy.yaml:6:') && l.includes('question id "a" is used twice'))).toBe(true);
      expect(lines.some((l) => l.startsWith('content/surveys/broken.yaml:') && l.includes('not valid YAML'))).toBe(true);
      writeFileSync(join(dir, 'content/surveys/copy.yaml'), 'key: quarterly-nps\ntitle: { ja: 複製, en: Copy }\ndue: { afterContractDays: 1 }\nquestions:\n  - { id: a, type: text, text: { ja: あ, en: A } }\n');
      expect(loadSurveys(dir).issues.map(formatIssue).some((l) => l.startsWith('content/surveys/quarterly-nps.yaml:') && l.includes('also used by content/surveys/copy.yaml'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
