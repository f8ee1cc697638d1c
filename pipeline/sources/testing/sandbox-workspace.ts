import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../../sandbox/index.ts';
import { openLocalRuntime, type LocalRuntime } from '../../runtime.ts';
import type { AnyWorkflowDef } from '../../workflows/types.ts';
import type { RunOutcome } from '../../workflows/local/run-executor.ts';
import { Workspace } from '../../workspace.ts';
import { configureSandboxSources } from '../sandbox-sources.ts';

export interface SandboxWorkspace {
  home: string;
  runtime: LocalRuntime;
  /** Runs a workflow on the durable local engine and waits for its outcome. */
  run(workflow: AnyWorkflowDef, input: unknown): Promise<RunOutcome>;
  dispose(): Promise<void>;
}

/**
 * A fresh workspace whose sources point at a running sandbox (only the given providers), with
 * the real local engine, activities and DuckDB store: what `hotpot sandbox --configure` and
 * `hotpot run` set up, for tests and benchmarks.
 */
export async function sandboxWorkspace(
  sandbox: RunningSandbox,
  providers: readonly string[],
): Promise<SandboxWorkspace> {
  const home = mkdtempSync(join(tmpdir(), 'hotpot-ws-'));
  const { workspace } = await Workspace.init(home);
  const wanted = Object.fromEntries(
    Object.entries(sandbox.endpoints.providers).filter(([p]) => providers.includes(p)),
  );
  configureSandboxSources(workspace, wanted as Record<string, Record<string, unknown>>);
  workspace.close();
  const runtime = openLocalRuntime(home);
  return {
    home,
    runtime,
    async run(workflow, input) {
      const handle = await runtime.engine.start(workflow, input as never);
      return handle.outcome();
    },
    async dispose() {
      await runtime.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
