import { z } from 'zod';
import { KEY_PATTERN } from './common.ts';

/** Most bytes one tracking request may carry. */
export const TRACK_MAX_BYTES = 16 * 1024;
/** Most events in one tracking request. */
export const TRACK_MAX_EVENTS = 50;
/** Most distinct impression keys in one request (the tracker sends at most 50 per flush). */
export const TRACK_MAX_IMPRESSIONS = 50;
/** Longest stretch of active time one event may claim (the tracker sends every 15 s; this leaves room for a late flush). */
export const TRACK_MAX_CLAIM_MS = 10 * 60 * 1000;

const key = z.string().regex(KEY_PATTERN, 'not a content key');
const ms = z.number().int().min(0).max(TRACK_MAX_CLAIM_MS);
const seconds = z.number().finite().min(0).max(24 * 3600);

/** The page was opened (one per page view). */
const viewEvent = z.object({ t: z.literal('view') });
/** Active reading time since the previous beat, scroll depth in percent, whether the end was reached. */
const beatEvent = z.object({
  t: z.literal('beat'),
  ms,
  depth: z.number().int().min(0).max(100).optional(),
  end: z.boolean().optional(),
});
/** Video: wall time actually played since the previous event, position, duration and newly watched ranges. */
const videoEvent = z.object({
  t: z.literal('video'),
  ms,
  pos: seconds,
  dur: seconds,
  ranges: z
    .array(z.tuple([seconds, seconds]).refine(([a, b]) => a <= b, 'range start after its end'))
    .max(32)
    .default([]),
  done: z.boolean().optional(),
});
/** Items (listings, recommendations, announcements, pyramid) at least half visible for a second. */
const impressionEvent = z.object({ t: z.literal('imp'), keys: z.array(key).min(1).max(50) });

export const trackEvent = z.discriminatedUnion('t', [viewEvent, beatEvent, videoEvent, impressionEvent]);
export type TrackEvent = z.output<typeof trackEvent>;

/**
 * One tracking request. Identity is never part of it: user and account come from the session cookie,
 * and unknown fields (e.g. a forged `userId`) are stripped.
 */
export const trackPayload = z.object({
  v: z.literal(1),
  /** Random id of the page view, made by the tracker at page load. */
  view: z.string().regex(/^[A-Za-z0-9_-]{12,40}$/, 'not a page-view id'),
  /** Content key of the page (absent on listings, which only send impressions). */
  key: key.optional(),
  events: z
    .array(trackEvent)
    .min(1)
    .max(TRACK_MAX_EVENTS)
    .refine(
      (events) => new Set(events.flatMap((e) => (e.t === 'imp' ? e.keys : []))).size <= TRACK_MAX_IMPRESSIONS,
      `at most ${TRACK_MAX_IMPRESSIONS} different impression keys per request`,
    ),
});
export type TrackPayload = z.output<typeof trackPayload>;
