import type { Db } from '../../../../db/client.ts';
import { surveyResponses } from '../../../../db/schema/index.ts';
import { isStaff, type Viewer } from '../../access.ts';
import type { Survey, SurveyQuestion } from '../../../schemas/survey.ts';
import { findDueSurveys } from './find-due-surveys.ts';
import { publishedSurveys } from './published-surveys.ts';

export type Answer = number | string | string[];
export type Answers = Record<string, Answer>;

export type SaveResult =
  | { ok: true; submitted: boolean }
  | { ok: false; status: 400 | 401 | 403 | 404 | 409; errors: Record<string, string>; answers?: Answers };

const REASON_MAX = 1000;
const TEXT_MAX = 2000;

/** Every value a form sent for a field name (checkboxes send several). */
export type FormValues = (name: string) => string[];

/**
 * Read one question's answer from the form: null when left empty, or an error code. Numbers must be
 * whole and in range, choices must be the survey's own options, texts within their length.
 */
function readAnswer(q: SurveyQuestion, values: FormValues): { value: Answer | null; reason?: string } | { error: string } {
  const raw = values(`q.${q.id}`).map((v) => v.trim()).filter((v) => v !== '');
  if (q.type === 'multiple') {
    const allowed = new Set(q.options.map((o) => o.value));
    if (raw.some((v) => !allowed.has(v))) return { error: 'unknown_option' };
    return { value: raw.length ? [...new Set(raw)] : null };
  }
  if (raw.length > 1) return { error: 'one_answer' };
  const v = raw[0];
  if (q.type === 'text') {
    if (v === undefined) return { value: null };
    return [...v].length > (q.maxLength ?? TEXT_MAX) ? { error: 'too_long' } : { value: v.replace(/\r\n?/g, '\n') };
  }
  if (q.type === 'single') {
    if (v === undefined) return { value: null };
    return q.options.some((o) => o.value === v) ? { value: v } : { error: 'unknown_option' };
  }
  const reason = q.type === 'nps' ? (values(`q.${q.id}.reason`)[0] ?? '').trim() : '';
  if ([...reason].length > REASON_MAX) return { error: 'too_long' };
  if (v === undefined) return { value: null, reason: reason || undefined };
  const n = Number(v);
  const [min, max] = q.type === 'nps' ? [0, 10] : [1, 5];
  if (!/^\d{1,2}$/.test(v) || n < min || n > max) return { error: 'out_of_range' };
  return { value: n, reason: reason || undefined };
}

/** Check every answer of a form against the survey; `submit` also needs every required question answered. */
export function readAnswers(survey: Survey, values: FormValues, submit: boolean): { answers: Answers; errors: Record<string, string> } {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const q of survey.questions) {
    const r = readAnswer(q, values);
    if ('error' in r) {
      errors[q.id] = r.error;
      continue;
    }
    if (r.value !== null) answers[q.id] = r.value;
    if (r.reason) answers[`${q.id}.reason`] = r.reason;
    const required = q.required ?? q.type !== 'text';
    if (submit && required && r.value === null) errors[q.id] = 'required';
  }
  return { answers, errors };
}

/**
 * Save (or submit) a person's answers to a survey that is due for them. Saving keeps a draft they can come
 * back to; submitting closes the round. Bad input, a survey not due for them, or a closed round change
 * nothing.
 */
export function saveSurveyResponse(db: Db, viewer: Viewer | null, key: string, intent: string, values: FormValues, now = Date.now(), surveys = publishedSurveys()): SaveResult {
  if (!viewer) return { ok: false, status: 401, errors: { form: 'sign_in' } };
  if (isStaff(viewer) || !viewer.accountId) return { ok: false, status: 403, errors: { form: 'customers_only' } };
  const survey = surveys.find((s) => s.key === key);
  if (!survey) return { ok: false, status: 404, errors: { form: 'unknown' } };
  const due = findDueSurveys(db, viewer, now, surveys).find((d) => d.survey.key === key);
  if (!due) return { ok: false, status: 409, errors: { form: 'not_due' } };
  const submit = intent === 'submit';
  if (!submit && intent !== 'save') return { ok: false, status: 400, errors: { form: 'intent' } };
  const { answers, errors } = readAnswers(survey, values, submit);
  if (Object.keys(errors).length) return { ok: false, status: 400, errors, answers };
  const npsQuestion = survey.questions.find((q) => q.type === 'nps');
  const consentQuestion = survey.questions.find((q) => q.type === 'single' && q.consent === 'success-story');
  const row = {
    accountId: viewer.accountId,
    answers: JSON.stringify(answers),
    nps: npsQuestion && typeof answers[npsQuestion.id] === 'number' ? (answers[npsQuestion.id] as number) : null,
    consent: consentQuestion ? answers[consentQuestion.id] === 'yes' : false,
    submittedAt: submit ? now : null,
    updatedAt: now,
  };
  db.insert(surveyResponses)
    .values({ surveyKey: key, round: due.round, userId: viewer.userId, createdAt: now, ...row })
    .onConflictDoUpdate({ target: [surveyResponses.surveyKey, surveyResponses.round, surveyResponses.userId], set: row })
    .run();
  return { ok: true, submitted: submit };
}
