import { afterAll, describe, expect, it } from 'vitest';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { readAccountStateEpoch, readAudienceEpoch } from '../../src/lib/server/kpi/account-state-epoch.ts';
import { getAwarenessSummary } from '../../src/lib/server/kpi/get-awareness-summary.ts';
import { createFixture } from '../support/kpi-fixture.ts';

// Dashboard requests share one evaluation of all accounts; a change to what it reads besides tracking
// must show on the very next request (no 2-s lag), whatever process wrote it.
describe('the account evaluation shared across requests', () => {
  const f = createFixture();
  afterAll(() => f.close());
  const c = f.db.$client;
  const stageOf = (id: string) => evaluateAccounts(f.ctx()).find((a) => a.id === id)!.stage.stage;

  it('is reused by the next request while nothing changed', () => {
    const first = evaluateAccounts(f.ctx());
    const again = evaluateAccounts(f.ctx());
    expect(again).not.toBe(first); // each caller gets its own array…
    expect(again[0]).toBe(first[0]); // …of the same rows, not computed again
  });

  it('shows two survey answers at once: the stage moves to B on the next request', () => {
    expect(stageOf('beta')).not.toBe('B');
    const ins = c.prepare('INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)');
    ins.run('onboarding-day30', 0, 'b1', 'beta', '{}', null, 0, Date.parse('2026-10-01T01:00:00Z'));
    ins.run('quarterly-nps', 0, 'b1', 'beta', '{}', 8, 0, Date.parse('2026-11-01T01:00:00Z'));
    expect(stageOf('beta')).toBe('B');
  });

  it('shows a staff success mark at once, and its removal', () => {
    expect(stageOf('gamma')).not.toBe('A');
    c.prepare(`INSERT INTO account_success_marks (account_id, reason, marked_by, marked_at) VALUES ('gamma', 'talk at the user group', 's1', ?)`).run(Date.parse('2026-11-20T01:00:00Z'));
    expect(stageOf('gamma')).toBe('A');
    c.prepare(`DELETE FROM account_success_marks WHERE account_id = 'gamma'`).run();
    expect(stageOf('gamma')).not.toBe('A');
  });

  it('tracking writes and sign-ins leave the epoch alone; people and accounts bump it', () => {
    const epoch = () => readAccountStateEpoch(c);
    const before = epoch();
    c.prepare(`INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES ('2026-11-22', 'beta', 'b1', 'm2', 60000, 0, 1, 0, 0)`).run();
    c.prepare(`UPDATE users SET last_sign_in_at = ? WHERE id = 'b1'`).run(Date.parse('2026-11-22T01:00:00Z'));
    expect(epoch()).toBe(before);
    c.prepare(`UPDATE users SET disabled_at = 1 WHERE id = 'b1'`).run();
    expect(epoch()).not.toBe(before);
    const mid = epoch();
    c.prepare(`UPDATE accounts SET segment = 'high' WHERE id = 'beta'`).run();
    expect(epoch()).not.toBe(mid);
    expect(evaluateAccounts(f.ctx()).find((a) => a.id === 'beta')!.segment).toBe('high');
  });

  it('follows an account moved to another segment at once: the items meant for it change on the next request', () => {
    // The passes over tracking are shared across requests beyond the evaluation itself; who an item is meant
    // for is not tracking, so moving Gamma into the segment the webinar is for must count the webinar for it.
    const webinarsMeant = () => evaluateAccounts(f.ctx()).find((a) => a.id === 'gamma')!.levels.find((l) => l.level === 2)!.meantFor;
    expect(webinarsMeant()).toBe(0);
    c.prepare(`UPDATE accounts SET segment = 'high' WHERE id = 'gamma'`).run();
    expect(webinarsMeant()).toBe(1);
    c.prepare(`UPDATE accounts SET segment = 'low' WHERE id = 'gamma'`).run();
    expect(webinarsMeant()).toBe(0);
  });

  // Awareness over all accounts, the account list and the people counts read only who the accounts are and
  // who is in them (the audience epoch): an answer or a tick keeps them, an account or a person changed shows.
  it('keeps the awareness rate through an answer, and follows an account renamed, moved or disabled at once', () => {
    const audience = () => readAudienceEpoch(c);
    const summary = getAwarenessSummary(f.ctx());
    const before = audience();
    c.prepare('INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)')
      .run('quarterly-nps', 1, 'b1', 'beta', '{}', 9, 0, Date.parse('2026-11-10T01:00:00Z'));
    expect(audience()).toBe(before);
    expect(getAwarenessSummary(f.ctx())).toBe(summary);
    c.prepare(`UPDATE accounts SET name = 'Gamma Renamed' WHERE id = 'gamma'`).run();
    expect(audience()).not.toBe(before);
    expect(evaluateAccounts(f.ctx()).find((a) => a.id === 'gamma')!.name).toBe('Gamma Renamed');
    c.prepare(`UPDATE accounts SET segment = 'high' WHERE id = 'gamma'`).run();
    expect(getAwarenessSummary(f.ctx()).all.audiencePairs).not.toBe(summary.all.audiencePairs);
    c.prepare(`UPDATE accounts SET disabled_at = 1 WHERE id = 'gamma'`).run();
    expect(evaluateAccounts(f.ctx()).map((a) => a.id)).not.toContain('gamma');
  });

  it('counts a person added to an account on the next request', () => {
    const peopleOf = (id: string) => evaluateAccounts(f.ctx()).find((a) => a.id === id)!.people;
    const before = peopleOf('alpha');
    c.prepare(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES ('a-new', 'new@alpha.example', 'New', 'customer', 'alpha', 0, 0)`).run();
    expect(peopleOf('alpha')).toBe(before + 1);
    c.prepare(`UPDATE users SET role = 'staff', account_id = NULL WHERE id = 'a-new'`).run();
    expect(peopleOf('alpha')).toBe(before);
  });
});
