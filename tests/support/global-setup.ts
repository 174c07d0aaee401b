import type { TestProject } from 'vitest/node';
import { ROOT, startTestServer, type TestServer } from './server.ts';
import { removeDemoTemplates, setUpDemoTemplates } from './demo-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
  }
}

let server: TestServer | undefined;

/** Build when needed and start the real server on a free port with a fresh SQLite file (PostgreSQL database on integration-pg). */
export async function setup(project: TestProject) {
  setUpDemoTemplates();
  // Global setups run in the main process, one project after the other: the project says which backend, not the environment.
  server = await startTestServer({}, ROOT, { pgCluster: project.name === 'integration-pg' ? process.env.JISOU_TEST_PG_CLUSTER : undefined });
  project.provide('baseUrl', server.baseUrl);
  project.provide('databasePath', server.databasePath);
}

export async function teardown() {
  await server?.stop();
  removeDemoTemplates();
}
