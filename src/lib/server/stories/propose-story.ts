import { randomUUID } from 'node:crypto';
import type { Db } from '../../../../db/client.ts';
import { successStories } from '../../../../db/schema/index.ts';
import { isStaff, type Viewer } from '../../access.ts';
import { storyInput } from '../../../schemas/success-story.ts';

export type ProposeResult = { ok: true; id: string } | { ok: false; status: 400 | 401 | 403; errors: Record<string, string> };

/** Figures come as rows of three fields (label, value, before); empty rows are dropped. */
function readResults(fields: Record<string, string>) {
  const rows = [];
  for (let i = 0; i < 5; i++) {
    const row = { label: fields[`result${i}.label`] ?? '', value: fields[`result${i}.value`] ?? '', before: fields[`result${i}.before`] ?? '' };
    if (row.label.trim() || row.value.trim() || row.before.trim()) rows.push(row);
  }
  return rows;
}

/** A customer (or their admin) offers a success story or a talk; stored as proposed for staff to review. */
export function proposeStory(db: Db, viewer: Viewer | null, fields: Record<string, string>, now = Date.now()): ProposeResult {
  if (!viewer) return { ok: false, status: 401, errors: { form: 'sign_in' } };
  if (isStaff(viewer) || !viewer.accountId) return { ok: false, status: 403, errors: { form: 'customers_only' } };
  const results = readResults(fields);
  const parsed = storyInput.safeParse({ ...fields, industry: fields.industry || undefined, results });
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
  if (results.some((r) => !r.label.trim() || !r.value.trim())) errors.results ??= 'result_incomplete';
  if (!parsed.success || Object.keys(errors).length) return { ok: false, status: 400, errors };
  const s = parsed.data;
  const id = randomUUID();
  db.insert(successStories)
    .values({ id, accountId: viewer.accountId, userId: viewer.userId, kind: s.kind, title: s.title, story: s.story, results: JSON.stringify(s.results), industry: s.industry ?? null, consent: true, status: 'proposed', createdAt: now, updatedAt: now })
    .run();
  return { ok: true, id };
}
