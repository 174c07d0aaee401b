import type { RoadmapProgress } from './compute-roadmap-progress.ts';

/**
 * When an account finished the first `stages` stages of its roadmap (every action of them done): the time
 * of the last of those actions, or null while one is still open. What `due.afterRoadmapStage` waits for.
 */
export function stagesFinishedAt(progress: RoadmapProgress | undefined, stages: number): number | null {
  if (!progress || progress.stages.length < stages) return null;
  let last = 0;
  for (const s of progress.stages.slice(0, stages)) {
    for (const a of s.actions) {
      if (a.state !== 'done' || !a.record) return null;
      last = Math.max(last, a.record.at);
    }
  }
  return last;
}
