// After a start (a deploy, a publish switch, a restart) the first dashboard request read every closed day of
// the rollup and evaluated every account: seconds at 10M events, tens of seconds at 100M, for whoever opened a
// dashboard first. The process now does that work itself right after it starts listening, part by part in
// turns of the event loop (beats and pages are answered meanwhile), so a load balancer or a deploy script can
// wait for `/healthz` to say `dashboards.state: "ready"` before sending managers to it.
import { getConfig } from '../config.ts';
import { logError, logEvent } from '../log.ts';
import { getContentVolumeGit } from './get-content-volume-git.ts';
import { createDefaultKpiContext } from './kpi-service.ts';
import { getAwarenessView } from './views/awareness-view.ts';
import { getOverviewView } from './views/overview-view.ts';
import { getSurveysView } from './views/surveys-view.ts';

/** `off`: DASHBOARD_WARM_UP=false; `cold`: not asked yet; then `warming`, `ready` or `failed` (pages still work, cold). */
export interface DashboardWarmUp {
  state: 'off' | 'cold' | 'warming' | 'ready' | 'failed';
  /** How long the warm-up took (ready or failed). */
  ms?: number;
}

let current: DashboardWarmUp = { state: 'cold' };

function isEnabled(): boolean {
  return ['true', '1'].includes(getConfig().DASHBOARD_WARM_UP);
}

/** Where the warm-up stands in this process. */
export function readDashboardWarmUp(): DashboardWarmUp {
  return isEnabled() ? { ...current } : { state: 'off' };
}

/**
 * Start the warm-up once per process (later calls do nothing): what the default dashboard pages share (the
 * closed days, the evaluation of every account, awareness, survey rates) is read and kept as a first request
 * would, and the git trend of the volume page starts counting.
 */
export function startDashboardWarmUp(): void {
  if (!isEnabled() || current.state !== 'cold') return;
  current = { state: 'warming' };
  const started = performance.now();
  void warm().then(
    () => {
      current = { state: 'ready', ms: Math.round(performance.now() - started) };
      logEvent('info', 'dashboards warmed up', { ms: current.ms });
    },
    (error: unknown) => {
      current = { state: 'failed', ms: Math.round(performance.now() - started) };
      logError('dashboard warm-up failed; the first dashboard request will read what it needs', error);
    },
  );
}

async function warm(): Promise<void> {
  // One context per view, as the pages make one per request (a context memoizes per request).
  const ctx = createDefaultKpiContext;
  void getContentVolumeGit(ctx());
  await getOverviewView(ctx());
  await getAwarenessView(ctx());
  await getSurveysView(ctx());
}
