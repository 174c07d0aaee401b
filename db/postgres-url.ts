/** True for the URLs node-postgres takes: `postgres://…` or `postgresql://…`. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}
