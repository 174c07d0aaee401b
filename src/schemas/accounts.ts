import { z } from 'zod';

// Inputs of the sign-in, profile and account-administration forms, API and CLI. Issue messages are
// error codes (`auth.error.<code>` in the message files), so the web and the CLI explain them alike.

export const ROLE_VALUES = ['customer', 'customer-admin', 'author', 'manager', 'admin'] as const;
export const CUSTOMER_ROLES = ['customer', 'customer-admin'] as const;
export const PLAN_VALUES = ['starter', 'business', 'enterprise'] as const;
export const SEGMENT_VALUES = ['high', 'low', 'tech'] as const;

const trimmed = (max: number) => z.string({ error: 'required' }).trim().max(max, { error: 'too_long' });

/** Email address, trimmed and lower-cased (emails are unique case-insensitively). */
export const email = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'required' })
  .max(254, { error: 'too_long' })
  .pipe(z.email({ error: 'invalid_email' }));

/** Display name, 1–80 characters. */
export const personName = trimmed(80).min(1, { error: 'required' });

/** A domain such as `acme.example` (lower case, no `@`). */
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'invalid_domain' });

/** Comma- or space-separated domains from a form field or CLI flag. */
export const domainList = z
  .string()
  .default('')
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(domain).max(20, { error: 'too_many_domains' }))
  .transform((list) => [...new Set(list)]);

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/, { error: 'invalid_slug' });

/** `true`/`on`/`1` from forms and flags; anything else (or missing) is false. */
const flag = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1' || v === 'yes');

export const accountInput = z.object({
  slug,
  name: trimmed(120).min(1, { error: 'required' }),
  segment: z.enum(SEGMENT_VALUES, { error: 'invalid_segment' }),
  plan: z.enum(PLAN_VALUES, { error: 'invalid_plan' }),
  contractStart: z.iso.date({ error: 'invalid_date' }),
  /** Email of a staff user, or empty for none. */
  csmEmail: z.union([z.literal(''), email]).optional().transform((v) => v || null),
  domains: domainList,
  autoAssignByDomain: flag,
});
export type AccountInput = z.output<typeof accountInput>;

export const userInput = z.object({
  email,
  name: personName,
  role: z.enum(ROLE_VALUES, { error: 'invalid_role' }),
  locale: z.enum(['ja', 'en'], { error: 'invalid_locale' }).default('ja'),
  /** Account slug; required for customer roles, refused for staff. Empty = auto-assign by domain. */
  account: z.string().trim().toLowerCase().optional().transform((v) => v || null),
});
export type UserInput = z.output<typeof userInput>;

export const userUpdate = z.object({
  name: personName,
  role: z.enum(ROLE_VALUES, { error: 'invalid_role' }),
  locale: z.enum(['ja', 'en'], { error: 'invalid_locale' }),
  account: z.string().trim().toLowerCase().optional().transform((v) => v || null),
});
export type UserUpdate = z.output<typeof userUpdate>;

export const inviteInput = z.object({
  email,
  role: z.enum(ROLE_VALUES, { error: 'invalid_role' }),
  account: z.string().trim().toLowerCase().optional().transform((v) => v || null),
});
export type InviteInput = z.output<typeof inviteInput>;

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().max(254).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

export const profileInput = z.object({
  name: personName,
  locale: z.enum(['ja', 'en'], { error: 'invalid_locale' }),
});

export const passwordChangeInput = z.object({
  current: z.string().max(1024),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
  signOutOthers: flag,
});

export const setPasswordInput = z.object({
  name: personName,
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});

/** Map zod issues to `{ field: code }` (first issue per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid';
  }
  return out;
}
