import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTestPostgres, type TestPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: TestPostgres | undefined;

/** One real PostgreSQL server for the whole test run; each test file makes its own database. */
export async function setup(project: TestProject): Promise<void> {
  server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
