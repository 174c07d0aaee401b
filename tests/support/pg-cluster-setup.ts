import { startPgTestCluster, type PgTestCluster } from '../../scripts/lib/pg-test-cluster.ts';

let cluster: PgTestCluster | undefined;

/**
 * The integration suite again, on PostgreSQL: one throwaway cluster; startTestServer (tests/support/server.ts)
 * gives every server a fresh database in it, and tests open it by the URL they get as `databasePath`.
 */
export async function setup() {
  cluster = await startPgTestCluster();
  process.env.JISOU_TEST_PG_CLUSTER = cluster.url;
}

export function teardown() {
  cluster?.stop();
}
