// Browser mode for one workspace: runtime + service + HTTP transport, used by `hotpot serve` and
// `hotpot demo`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LocalRuntime } from '../runtime.ts';
import { startHttpTransport, type HttpTransport } from './http/server.ts';
import { createService, type Service } from './service.ts';

/** The vite build output (`npm run build:app`). */
export const APP_DIST = fileURLToPath(new URL('../../dist/app', import.meta.url));

export interface ServingWorkspace {
  readonly service: Service;
  readonly http: HttpTransport;
  /** False when dist/app is missing: the API works, the page says how to build the app. */
  readonly appBuilt: boolean;
  close(): Promise<void>;
}

export async function serveWorkspace(options: {
  home: string;
  port?: number;
  runtime?: LocalRuntime;
  staticDir?: string;
  log?: (line: string) => void;
}): Promise<ServingWorkspace> {
  const staticDir = options.staticDir ?? APP_DIST;
  const service = createService({
    home: options.home,
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  try {
    const http = await startHttpTransport({
      service,
      staticDir,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      service,
      http,
      appBuilt: existsSync(`${staticDir}/index.html`),
      async close() {
        await http.close();
        await service.close();
      },
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}

export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
