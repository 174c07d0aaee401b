import type { TestProject } from 'vitest/node';
import { startTestServer, type TestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
  }
}

let server: TestServer | undefined;

/** Build when needed and start the real server on a free port with a fresh SQLite file. */
export async function setup(project: TestProject) {
  server = await startTestServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('databasePath', server.databasePath);
}

export async function teardown() {
  await server?.stop();
}
