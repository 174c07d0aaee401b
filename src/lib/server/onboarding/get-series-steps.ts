// Cards ask for their series step one by one; this keeps it to one catalog pass per request.
import type { Viewer } from '../../access.ts';
import type { Locale } from '../../../schemas/common.ts';
import { listVisible } from '../content-access.ts';
import { seriesSteps, type SeriesStep } from './series-order.ts';

const stepsByRequest = new WeakMap<object, Promise<Map<string, SeriesStep>>>();

/** Series steps for the viewer of one request (keyed by the request's locals), computed once. */
export function getSeriesStepsFor(locals: { viewer: Viewer | null; locale: Locale }): Promise<Map<string, SeriesStep>> {
  let steps = stepsByRequest.get(locals);
  if (!steps) {
    steps = listVisible(locals.viewer, locals.locale).then(seriesSteps);
    stepsByRequest.set(locals, steps);
  }
  return steps;
}
