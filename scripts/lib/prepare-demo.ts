import type { Db } from '../../db/client.ts';

export interface DemoLogin {
  email: string;
  role: string;
}

/** Seed demo data into an empty database and return the logins to print. Filled in by the accounts work. */
export async function prepareDemo(_db: Db): Promise<DemoLogin[]> {
  return [];
}
