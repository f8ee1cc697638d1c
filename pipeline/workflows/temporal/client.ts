// Starting and following pipeline runs on a Temporal cluster (`hotpot run --temporal HOST:PORT`).
// Progress comes from the workflow's `hotpot.progress` query and is reported as the same
// WorkflowEvent shapes the local engine emits, so one renderer serves both.
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { WorkflowEvent } from '../events.ts';
import { WORKFLOW_TASK_QUEUE } from '../queues.ts';
import type { ProgressUpdate, WorkflowDef } from '../types.ts';

export async function connectTemporalClient(address: string, namespace = 'default'): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

export async function startTemporalRun<I, O>(
  client: Client,
  def: WorkflowDef<I, O>,
  input: I,
  options: { workflowId?: string } = {},
): Promise<WorkflowHandle> {
  const workflowId = options.workflowId ?? `${def.name}-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  return client.workflow.start(def.name, { taskQueue: WORKFLOW_TASK_QUEUE, workflowId, args: [input] });
}

export async function followTemporalRun(
  handle: WorkflowHandle,
  workflow: string,
  onEvent: (event: WorkflowEvent) => void,
  options: { pollMs?: number } = {},
): Promise<unknown> {
  const base = { runId: handle.workflowId, rootRunId: handle.workflowId, workflow };
  const t0 = Date.now();
  onEvent({ ...base, type: 'run.started', resumed: false, at: t0 });
  let settled = false;
  let last = '';
  const poll = async (): Promise<void> => {
    while (!settled) {
      try {
        const p = await handle.query<ProgressUpdate | null>('hotpot.progress');
        const key = JSON.stringify(p);
        if (p && key !== last) {
          last = key;
          onEvent({ ...base, type: 'progress', seq: null, name: null, ...p, at: Date.now() });
        }
      } catch {
        // Queries fail while no workflow worker is polling; keep waiting for the result.
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1_000));
    }
  };
  const polling = poll();
  try {
    const result = await handle.result();
    onEvent({ ...base, type: 'run.finished', durationMs: Date.now() - t0, at: Date.now() });
    return result;
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? (error.cause ?? error) : (error as Error);
    onEvent({
      ...base,
      type: 'run.failed',
      error: { name: cause.name, message: cause.message },
      at: Date.now(),
    });
    throw error;
  } finally {
    settled = true;
    await polling;
  }
}
