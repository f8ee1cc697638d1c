// Test helper: an engine on a throwaway state file, closed and removed after the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowEngine, type EngineOptions } from '../local/engine.ts';

export interface TempEngines {
  statePath: string;
  open(options?: Omit<EngineOptions, 'statePath'>): WorkflowEngine;
  cleanup(): Promise<void>;
}

export function tempEngines(): TempEngines {
  const dir = mkdtempSync(join(tmpdir(), 'hotpot-wf-'));
  const statePath = join(dir, 'state.sqlite');
  const engines: WorkflowEngine[] = [];
  return {
    statePath,
    open(options = {}) {
      const engine = new WorkflowEngine({ statePath, ...options });
      engines.push(engine);
      return engine;
    },
    async cleanup() {
      for (const e of engines) await e.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
