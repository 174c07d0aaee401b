import { STAFF_ROLES, type Role } from '../../access.ts';
import type { Config } from '../../../schemas/config.ts';
import { getConfig } from '../config.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SessionPolicy {
  /** Inactivity after which the session ends (sliding window), ms. */
  idleMs: number;
  /** Hard cap measured from sign-in, ms. */
  absoluteMs: number;
}

/**
 * Staff can change every account, so their sessions are short (30 min idle / 12 h cap by default);
 * customers read content, so theirs are long (30 d sliding / 90 d cap).
 */
export function getSessionPolicy(role: Role, config: Config = getConfig()): SessionPolicy {
  if ((STAFF_ROLES as readonly string[]).includes(role)) {
    return { idleMs: config.SESSION_STAFF_IDLE_MINUTES * MINUTE, absoluteMs: config.SESSION_STAFF_ABSOLUTE_HOURS * HOUR };
  }
  return { idleMs: config.SESSION_CUSTOMER_IDLE_DAYS * DAY, absoluteMs: config.SESSION_CUSTOMER_ABSOLUTE_DAYS * DAY };
}

/** Extend `lastSeenAt` at most once a minute so reading pages does not write on every request. */
export const TOUCH_INTERVAL_MS = MINUTE;
