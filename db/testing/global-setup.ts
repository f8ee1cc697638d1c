import type {} from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: ChildProcess | undefined;

/** One real PostgreSQL server for the whole test run (in its own process); each test file makes its own database. */
export async function setup(project: TestProject): Promise<void> {
  const entry = fileURLToPath(new URL('./postgres-process.ts', import.meta.url));
  server = spawn(process.execPath, ['--import', 'tsx', entry], { stdio: ['pipe', 'pipe', 'inherit'] });
  const child = server;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`the test PostgreSQL process exited with ${code} before it was ready`)),
    );
  });
  project.provide('postgresUrl', (JSON.parse(line) as { url: string }).url);
}

export async function teardown(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  await exited;
}
