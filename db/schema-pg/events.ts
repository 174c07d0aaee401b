import { bigint, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';

/** A person's registration for a community event (an announcement with `kind: event`), per person and account. */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    eventKey: text('event_key').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    status: text('status', { enum: ['registered', 'cancelled'] }).notNull(),
    registeredAt: bigint('registered_at', { mode: 'number' }).notNull(),
    cancelledAt: bigint('cancelled_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.eventKey, t.userId] }), index('event_registrations_account').on(t.accountId)],
);

/** Who attended an event (marked by staff or imported from CSV): what places an account on pyramid level 4. */
export const eventAttendance = pgTable(
  'event_attendance',
  {
    eventKey: text('event_key').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    /** web | csv */
    via: text('via', { enum: ['web', 'csv'] }).notNull(),
    markedBy: text('marked_by'),
    markedAt: bigint('marked_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventKey, t.userId] }), index('event_attendance_account').on(t.accountId)],
);

/**
 * The recording staff attached to an event after it took place (a webinar key, checked to exist when saved):
 * one per event, replacing the frontmatter's `event.recording` so nobody has to edit and publish the file.
 */
export const eventRecordings = pgTable('event_recordings', {
  eventKey: text('event_key').primaryKey(),
  webinarKey: text('webinar_key').notNull(),
  attachedBy: text('attached_by').notNull(),
  attachedAt: bigint('attached_at', { mode: 'number' }).notNull(),
});
