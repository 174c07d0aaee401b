export * from './meta.ts';
export * from './accounts.ts';
export * from './auth.ts';
export * from './tracking.ts';
export * from './search.ts';
export * from './kpi.ts';
export * from './feedback.ts';
export * from './mail.ts';
