import { describe, expect, it } from 'vitest';
import { TRIGGER_EVALUATORS, type TriggerInput } from '../../src/lib/server/engage/play-triggers.ts';
import type { EngageItem } from '../../src/lib/server/engage/engage-content.ts';

// The plays trigger "roadmap stage overdue" (issue 15 item 5, on issue 17's roadmaps): it fires on the
// account's own roadmap position and recommends what the overdue actions ask the account to read.
const item = (key: string, publishedAt = '2026-01-01'): EngageItem =>
  ({ key, type: 'manual', level: 1, audience: 'customers', publishedAt: new Date(publishedAt), href: `/manuals/${key}`, titles: { ja: key }, descriptions: {}, channels: ['portal'], refs: [] }) as EngageItem;

const contentOf = (items: EngageItem[]) => ({ items, byKey: new Map(items.map((i) => [i.key, i])) });

function input(today: string, actions: { id: string; state: 'done' | 'overdue' | 'next'; items: string[] }[], dueDate = '2026-11-01'): TriggerInput {
  return {
    env: { now: Date.parse(`${today}T03:00:00Z`), content: contentOf([item('setup'), item('invite'), item('future', '2027-01-01')]) },
    account: {
      roadmap: {
        progress: {
          roadmapKey: 'self-onboarding',
          currentStage: 0,
          stages: [{ index: 0, dueDate, state: 'current', actions: actions.map((a) => ({ ...a, title: a.id, actor: 'customer', done: 'content' })) }],
        },
      },
    },
    people: [],
    surveys: [],
    today,
  } as unknown as TriggerInput;
}

const evaluate = TRIGGER_EVALUATORS['roadmap-overdue'];

describe('play trigger roadmap-overdue', () => {
  it('fires once enough actions are late by the grace days, recommending their published items', () => {
    const actions = [
      { id: 'a', state: 'overdue' as const, items: ['setup', 'future'] },
      { id: 'b', state: 'overdue' as const, items: ['invite', 'setup'] },
      { id: 'c', state: 'done' as const, items: ['invite'] },
    ];
    const hit = evaluate({ kind: 'roadmap-overdue', days: 7, actions: 2 }, input('2026-11-09', actions));
    expect(hit?.reason).toEqual({ overdueActions: 2, stage: 1, roadmap: 'self-onboarding' });
    // Each item once, in the roadmap's order; an item not published yet is never recommended.
    expect(hit?.items?.map((i) => i.key)).toEqual(['setup', 'invite']);
  });

  it('waits for the grace days and for the number of late actions', () => {
    const actions = [{ id: 'a', state: 'overdue' as const, items: ['setup'] }];
    expect(evaluate({ kind: 'roadmap-overdue', days: 7, actions: 1 }, input('2026-11-08', actions))).toBeNull();
    expect(evaluate({ kind: 'roadmap-overdue', days: 7, actions: 2 }, input('2026-11-09', actions))).toBeNull();
    expect(evaluate({ kind: 'roadmap-overdue', days: 7, actions: 1 }, input('2026-11-09', actions))).not.toBeNull();
  });

  it('never fires for an account without a roadmap', () => {
    const none = { ...input('2026-11-09', []), account: { roadmap: null } } as unknown as TriggerInput;
    expect(evaluate({ kind: 'roadmap-overdue', days: 0, actions: 1 }, none)).toBeNull();
  });
});
