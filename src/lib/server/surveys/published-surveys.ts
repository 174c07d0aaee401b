import type { Survey } from '../../../schemas/survey.ts';
import { loadSurveys } from '../../content/surveys.ts';

let cache: { root: string; surveys: Survey[] } | undefined;

/** The published (non-draft) surveys, read once per process (content changes arrive with a new build). */
export function publishedSurveys(root = process.cwd()): Survey[] {
  if (cache?.root !== root) cache = { root, surveys: loadSurveys(root).surveys.filter((s) => !s.draft) };
  return cache.surveys;
}
