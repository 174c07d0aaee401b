import type { EventData } from '../../../schemas/announcement.ts';
import type { KpiContent, KpiItem } from '../kpi/kpi-content.ts';

export interface CommunityEvent {
  key: string;
  title: string;
  level: number;
  audience: KpiItem['audience'];
  event: EventData;
}

/** Announcements that are events people can register for, soonest first. */
export function listEvents(content: KpiContent): CommunityEvent[] {
  return content.items
    .flatMap((i) => (i.event ? [{ key: i.key, title: i.title, level: i.level, audience: i.audience, event: i.event }] : []))
    .sort((a, b) => a.event.startsAt.getTime() - b.event.startsAt.getTime());
}

export function findEvent(content: KpiContent, key: string): CommunityEvent | undefined {
  return listEvents(content).find((e) => e.key === key);
}

/** Registration closes at the deadline (default: the start). */
export function registrationClosesAt(e: EventData): number {
  return (e.registrationDeadline ?? e.startsAt).getTime();
}
