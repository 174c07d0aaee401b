export * from './meta.ts';
export * from './tracking.ts';
