import { z } from 'zod';

/** The mail section of the profile form. Each field is optional: customers send the first two, staff the last. */
export const mailPreferencesInput = z
  .object({
    announcements: z.enum(['immediate', 'weekly', 'off']).optional(),
    nudges: z
      .enum(['on', 'off'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'on')),
    alerts: z.enum(['immediate', 'daily', 'off']).optional(),
  })
  .transform((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as { announcements?: 'immediate' | 'weekly' | 'off'; nudges?: boolean; alerts?: 'immediate' | 'daily' | 'off' });
