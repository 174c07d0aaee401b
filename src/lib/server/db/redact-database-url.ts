/** A database URL fit for logs and messages: the password replaced by `***` (an unparsable URL is cut to its scheme). */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return `${url.split(':')[0]}://…`;
  }
}
