import type { Audience, Segment } from '../schemas/common.ts';

export const STAFF_ROLES = ['author', 'manager', 'admin'] as const;
export const ROLES = ['customer', 'customer-admin', ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** Who is looking, as far as content access is concerned. `null` = signed-out visitor. */
export interface Viewer {
  userId: string;
  role: Role;
  /** Customer roles only. */
  accountId?: string;
  segment?: Segment;
  plan?: string;
}

export function isStaff(viewer: Viewer | null): boolean {
  return viewer !== null && (STAFF_ROLES as readonly string[]).includes(viewer.role);
}

/**
 * Account drill-downs (stages, health, alerts, people with their names and emails) are for managers and
 * admins. Authors read the content KPIs (viewing, volume, awareness by item, search gaps) without personal
 * data: they decide what to write, not whom to call (docs/accounts.md, "Roles").
 */
export function canReadAccountDetails(viewer: Viewer | null): boolean {
  return viewer !== null && (viewer.role === 'manager' || viewer.role === 'admin');
}

/**
 * The single rule for who may open an item: public → anyone; customers → any signed-in person;
 * restricted → staff, or an account whose segment or plan is listed.
 */
export function canView(viewer: Viewer | null, audience: Audience): boolean {
  if (audience === 'public') return true;
  if (viewer === null) return false;
  if (audience === 'customers' || isStaff(viewer)) return true;
  return (
    (viewer.segment !== undefined && audience.segments.includes(viewer.segment)) ||
    (viewer.plan !== undefined && audience.plans.includes(viewer.plan))
  );
}

/** Publishing (/manage/publish: history and "publish now") is for admins and authors. */
export function canPublish(viewer: Viewer | null): boolean {
  return viewer !== null && (viewer.role === 'admin' || viewer.role === 'author');
}
