import { describe, expect, it } from 'vitest';
import { gitWithin } from '../../src/lib/server/kpi/views/volume-view.ts';
import type { GitVolume } from '../../src/lib/content/git-volume.ts';

// The volume page waits for git blame only briefly: over a thousand files it takes tens of seconds.
describe('the git trend on the volume page', () => {
  const volume = { byMonth: [] } as unknown as GitVolume;
  it('is shown when blame answers in time', async () => {
    expect(await gitWithin(200, Promise.resolve(volume))).toBe(volume);
    expect(await gitWithin(200, Promise.resolve(undefined))).toBeUndefined();
  });
  it('is marked pending, not waited for, when blame takes longer', async () => {
    const slow = new Promise<GitVolume>((resolve) => setTimeout(() => resolve(volume), 2_000));
    expect(await gitWithin(100, slow)).toBe('pending');
  });
});
